/**
 * A long message tells a story and then asks: "We arrived two days ago … Everybody talks about a BSN.
 * Where do we register?" Its sentences that ask carry the topic; the story is context that may mention
 * other topics (the children, the shelter, the job). Search ranks the asking sentences in full and the
 * story as weaker evidence, so the story helps when the question alone is vague ("what do we do now?")
 * without pulling the answer towards whatever it mentions.
 */

const SENTENCE_END = /(?<=[.!?…？！;])\s+|\s*\n+\s*/u;

/**
 * Words that open or mark a sentence that asks, in four languages (normalised: lower case, ё as е). A
 * question mark is the plainest sign, but people write "підкажіть будь ласка куди звертатися" without one.
 */
const ASKING = new RegExp(
  [
    // uk
    '^(?:як|чи|де|куди|коли|скільки|що (?:робити|мені|нам)|хто|чому|навіщо|яким чином|які|який|яка)\\b',
    '\\b(?:підкажіть|порадьте|поясніть|допоможіть|хочу знати|хочу дізнатися|не знаю (?:як|що|куди|де|чи))\\b',
    // ru
    '^(?:как|ли|где|куда|когда|сколько|что (?:делать|мне|нам)|кто|почему|зачем|каким образом|какие|какой|какая|можно ли|могу ли|нужно ли|должен ли|должна ли)\\b',
    '\\b(?:подскажите|посоветуйте|объясните|помогите|хочу знать|хочу узнать|не знаю (?:как|что|куда|где|ли))\\b',
    // nl
    '^(?:hoe|waar|wanneer|wat|wie|welke|waarom|kan ik|kunnen wij|kunnen we|mag ik|mogen wij|mogen we|moet ik|moeten wij|moeten we|heb ik|hebben wij|is het|zijn er|krijg ik|krijgen wij)\\b',
    '\\b(?:ik wil (?:graag )?weten|ik vraag me af|weet iemand|ik zoek|kunt u (?:me|mij) helpen)\\b',
    // en
    '^(?:how|where|when|what|who|which|why|can i|can we|may i|do i|do we|should i|should we|am i|are we|is it|is there|are there|will i|could i)\\b',
    '\\b(?:i need to know|i want to know|i would like to know|i wonder|does anyone know|can you help|please help|what do i do|what should i do)\\b',
  ].join('|'),
  'u',
);

/** A message shorter than this, in fewer than three sentences, is one question: searched whole. */
export const STORY_MIN_CHARS = 180;
/** The story is read up to this length (nearest the question first), so its cost stays bounded. */
export const STORY_MAX_CHARS = 600;

export interface MessageParts {
  /** The sentences that ask (or the last one when none does), searched in full. */
  asked: string;
  /** The rest of the message, as context; empty for a short message. */
  story: string;
}

function asks(sentence: string): boolean {
  const s = sentence.toLowerCase().replace(/ё/g, 'е').replace(/^[^\p{L}]+/u, '');
  return /[?？]/u.test(sentence) || ASKING.test(s);
}

function sentencesOf(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

/** The sentences of a message that ask something, in order (a message of one sentence is one question). */
export function askingSentences(text: string): string[] {
  return sentencesOf(text).filter(asks);
}

export function askedAndStory(text: string): MessageParts {
  const sentences = sentencesOf(text);
  if (sentences.length < 2 || (sentences.length < 3 && text.length < STORY_MIN_CHARS)) return { asked: text, story: '' };
  let asking = sentences.flatMap((s, i) => (asks(s) ? [i] : []));
  if (asking.length === 0) asking = [sentences.length - 1];
  // Every sentence asks: nothing to tell apart.
  if (asking.length === sentences.length) return { asked: text, story: '' };
  const chosen = new Set(asking);
  const story: string[] = [];
  let used = 0;
  // The story nearest the question says most about it: read backwards from the first asking sentence.
  for (let i = sentences.length - 1; i >= 0; i--) {
    if (chosen.has(i)) continue;
    const s = sentences[i]!;
    if (used + s.length > STORY_MAX_CHARS) continue;
    story.unshift(s);
    used += s.length + 1;
  }
  return { asked: asking.map((i) => sentences[i]).join(' '), story: story.join(' ') };
}
