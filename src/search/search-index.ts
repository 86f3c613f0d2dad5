/**
 * The search over one knowledge snapshot: normalise → repair → detect language → rank → decide.
 * Built once per snapshot (a reload builds a new one), then read-only, so it is safe to share.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { LANGUAGES, type Language } from '../knowledge/languages';
import type { KnowledgeEntry } from '../knowledge/schema';
import { normalise, tokenize } from './normalise';
import { searchPart } from './query-part';
import { askedAndStory } from './asked-part';
import { repair, transliterations, type RepairKind } from './repair';
import { mendWordBreaks } from './word-breaks';
import { detectLanguage } from './language';
import { Vocabulary, WordCounts } from './vocabulary';
import { readSpelledLetters } from './spelled-letters';
import { SpellingCorrector } from './spelling';
import { TermMatcher } from './term-matcher';
import { APPROXIMATE_LOOKUPS, LexicalRanker, type RankerDoc, type QueryTerm } from './lexical-ranker';
import type { ApproximateBudget } from './term-matcher';
import { termOf } from './terms';
import { FRAME_WORDS, LANGUAGE_NEUTRAL, isFunctionWord } from './lexicon';
import { ASKING_WORDS, withIdioms } from './idioms';
import { confidenceOf, decide, type ConfidenceFeatures, type Decision } from './confidence';
import { InPassing } from './in-passing';
import { DEFAULT_TUNING, parseSearchTuning, type SearchTuning } from './tuning';

export { DEFAULT_TUNING, type SearchTuning };

/** The story's words read at most: enough context, bounded cost. */
export const MAX_STORY_TERMS = 60;


/** E-mail and web addresses say nothing about the question, and their parts would count as unknown words. */
function withoutAddresses(text: string): string {
  return text.replace(/\S+@\S+\.\S+/g, ' ').replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ');
}

export interface SearchOptions {
  /** The messenger's language hint or the person's stored choice, used only when the text is unclear. */
  languageHint?: Language;
  limit?: number;
}

export interface RankedEntry {
  id: string;
  score: number;
  coverage: number;
}

export interface SearchResult {
  query: string;
  /** The part of the query that was searched (query-part.ts), after normalisation and repair. */
  text: string;
  repair: RepairKind;
  language: Language;
  languageConfident: boolean;
  ranked: RankedEntry[];
  decision: Decision;
  confidence: number;
  /** The figures the confidence was computed from (for tuning and diagnostics). */
  features: ConfidenceFeatures;
}

function entryTexts(entry: KnowledgeEntry): Array<{ language: Language; text: string; kind: RankerDoc['kind'] }> {
  const out: Array<{ language: Language; text: string; kind: RankerDoc['kind'] }> = [];
  for (const language of LANGUAGES) {
    for (const text of entry.questions[language] ?? []) out.push({ language, text, kind: 'question' });
    for (const text of entry.keywords?.[language] ?? []) out.push({ language, text, kind: 'keyword' });
    const answer = entry.answer[language];
    // Link targets are not words people type.
    if (answer) out.push({ language, text: answer.replace(/\]\([^)]*\)/g, ']').replace(/https?:\/\/\S+/g, ' '), kind: 'answer' });
  }
  return out;
}

export class SearchIndex {
  readonly vocabulary: Vocabulary;
  private readonly ranker: LexicalRanker;
  private readonly inPassing: InPassing;
  private readonly matcher: TermMatcher;
  private readonly spelling: SpellingCorrector;
  private readonly ids: readonly string[];
  private readonly tuning: SearchTuning;

  /** @param tuning checked here, so a wrong figure fails at once rather than as worse answers */
  constructor(
    readonly knowledge: KnowledgeBase,
    tuning: SearchTuning = DEFAULT_TUNING,
  ) {
    this.tuning = parseSearchTuning(tuning);
    const words = new WordCounts();
    const docs: RankerDoc[] = [];
    this.ids = knowledge.entries.map((e) => e.id);
    knowledge.entries.forEach((entry, i) => {
      for (const { language, text, kind } of entryTexts(entry)) {
        const normal = normalise(text);
        const tokens = tokenize(normal);
        for (const t of tokens) words.add(language, t);
        const read = kind === 'answer' ? tokens : tokenize(withIdioms(normal));
        const terms = read.filter((t) => !isFunctionWord(t)).map(termOf);
        if (terms.length) docs.push({ entry: i, terms, kind, words: tokens.length });
      }
    });
    const matcher = new TermMatcher([...docs.flatMap((d) => d.terms), ...[...words.uses.keys()].map(termOf)], { weights: this.tuning.match });
    this.matcher = matcher;
    this.vocabulary = new Vocabulary(words.uses, matcher);
    this.ranker = new LexicalRanker(docs, knowledge.size, matcher, this.tuning.lexical);
    this.inPassing = new InPassing(this.ranker, matcher);
    this.spelling = new SpellingCorrector(words.counts());
  }

  /** Asking words ("до коли", "how long"; idioms.ts) frame a question as frame words do, naming no topic. */
  private readonly askingTerms = new Set(ASKING_WORDS.map(termOf));
  private readonly frameTerms = new Set([...FRAME_WORDS.map((w) => termOf(normalise(w))), ...this.askingTerms]);

  /** A message in Latin letters read as Ukrainian and as Russian (repair.ts), for the safety check. */
  transliterations(text: string): string[] {
    return transliterations(text, this.vocabulary);
  }

  /** `text` (normalised) with misspelt words replaced by the knowledge base's words they stand for. */
  spellingReading(text: string): string {
    return this.spelling.correct(text);
  }

  /** Distinct terms the index knows (for benchmarks and diagnostics). */
  vocabularyTerms(): number {
    return this.matcher.size;
  }

  // Repeated questions are cached above, by the assistant (question-cache.ts), with the safety check.
  search(query: string, options: SearchOptions = {}): SearchResult {
    // A long message is searched by its questions, so its length cannot hold up everyone else.
    const { asked, story } = askedAndStory(query);
    const part = searchPart(asked);
    const typed = repair(readSpelledLetters(part), this.vocabulary);
    const repaired = { ...typed, text: mendWordBreaks(typed.text, this.vocabulary) };
    const detected = detectLanguage(part, repaired.text, this.vocabulary, options.languageHint);
    // Function words and bare numbers say nothing about the topic; phrasings are indexed without them.
    // Kept by typed word ("ov-chipkaart" is one word of two terms) for the in-passing rule.
    const queryWords: QueryTerm[][] = withIdioms(withoutAddresses(repaired.text))
      .split(/\s+/)
      .map((word) => tokenize(word).filter((t) => /\p{L}/u.test(t) && !isFunctionWord(t)).map(termOf))
      .filter((terms) => terms.length > 0);
    // The story is read as typed: a message whose question needed repair is read by its question alone.
    const storyTerms: QueryTerm[] =
      story && repaired.kind === 'none'
        ? tokenize(normalise(story))
            .filter((t) => /\p{L}/u.test(t) && !isFunctionWord(t))
            .slice(0, MAX_STORY_TERMS)
            .map(termOf)
        : [];
    // A question that is all but certain alone is answered alone: the story cannot pull it elsewhere
    // ("…eighty sentences about the shelter… Як отримати BSN?" is about the BSN). Any other is read with
    // the story around it, which tells what "what do we do now?" is about.
    const budget = { left: APPROXIMATE_LOOKUPS };
    let reading = this.rankTerms(queryWords, [], budget, options.limit);
    if (storyTerms.length && !this.standsAlone(queryWords.flat(), reading.confidence)) reading = this.rankTerms(queryWords, storyTerms, budget, options.limit);
    const { ranked, decision, confidence, features } = reading;
    return {
      query,
      text: repaired.text,
      repair: repaired.kind,
      language: detected.language,
      languageConfident: detected.confident,
      ranked,
      decision,
      confidence,
      features,
    };
  }

  private readonly neutralTerms = new Set([...LANGUAGE_NEUTRAL].map(termOf));

  /**
   * Whether a long message's question is sure enough to be read without its story. A question of one word
   * is only when that word is a term every language uses (BSN, DigiD): one everyday word may be sure of
   * its entry and not of the message ("Who should I contact?" after a story about tuberculosis is about
   * the GGD, not about talking to a person).
   */
  private standsAlone(queryTerms: readonly QueryTerm[], confidence: number): boolean {
    return confidence >= this.tuning.story.alone && (queryTerms.length !== 1 || this.neutralTerms.has(queryTerms[0]!));
  }

  private rankTerms(queryWords: ReadonlyArray<readonly QueryTerm[]>, storyTerms: readonly QueryTerm[], budget: ApproximateBudget, limit = 10): Pick<SearchResult, 'ranked' | 'decision' | 'confidence' | 'features'> {
    const queryTerms = queryWords.flat();
    // Frame words weigh less only beside a word that names a topic: "what is temporary protection?" is
    // about temporary protection, "heb ik als ontheemde recht op huurtoeslag?" about huurtoeslag. Asking
    // words too: "до коли тимчасовий захист" asks when protection ends, "до коли платять leefgeld" is
    // about the living allowance.
    const topical = queryTerms.filter((t) => !this.frameTerms.has(t)).length;
    const frame = topical >= 1 ? this.tuning.frameWeight : 1;
    const weights = [...queryTerms.map((t) => (this.frameTerms.has(t) ? frame : 1)), ...storyTerms.map(() => this.tuning.story.weight)];
    const { hits, unknownShare } = this.ranker.rank([...queryTerms, ...storyTerms], limit, weights, budget);
    const ranked = hits.map((h) => ({ id: this.ids[h.entry]!, score: h.score, coverage: h.coverage }));
    const first = hits[0];
    const features: ConfidenceFeatures = {
      coverage: first?.coverage ?? 0,
      coverageWithAnswer: first?.coverageWithAnswer ?? 0,
      closeness: first?.closeness ?? 0,
      score: first?.score ?? 0,
      secondScore: hits[1]?.score ?? 0,
      unknownShare,
      words: queryTerms.length + this.tuning.story.words * storyTerms.length,
    };
    const confidence = confidenceOf(features, this.tuning.confidence);
    if (!first) return { ranked, decision: 'none', confidence, features };
    // A long message's story may explain what its question's words do not: the rule reads questions alone.
    const words = {
      namesTopic: queryTerms.some((t) => !this.askingTerms.has(t)) || storyTerms.length > 0,
      onlyInPassing: storyTerms.length === 0 && confidence >= this.tuning.confidence.answerAt && this.inPassing.onlyInPassing(queryWords, first.entry, budget),
    };
    return { ranked, decision: decide(confidence, this.tuning.confidence, features, words), confidence, features };
  }
}
