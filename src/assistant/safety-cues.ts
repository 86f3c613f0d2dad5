/**
 * Cue scoring for the safety check: what a message about violence, exploitation, suicide or immediate
 * danger is made of, rather than fixed phrases. Each category has signs; a sign is a conjunction of cue
 * groups (word stems in Ukrainian, Russian, Dutch and English) with a weight, and may be cancelled by
 * groups that show the words are used otherwise (a stranger rather than a partner, a game of chess, a
 * blood test). A category is called for when its signs weigh 2 or more: one strong sign ("he strangled
 * me", "the boss keeps our passports") or two weaker ones that mean little alone ("cash", "16 hours").
 *
 * The groups and signs are data that volunteers can read and edit: `src/phrases/safety/*.yaml`, compiled
 * by src/phrases/safety-rules.ts. Here is only how they are weighed.
 */
import { SAFETY_RULES, type CompiledSign } from '../phrases/safety-rules';

/**
 * The text cues are matched on: a normalised reading with quotes and brackets gone (people quote the
 * euphemism: «по-другому», 'anders'), apostrophes dropped inside Cyrillic words (бʼє and a
 * transliterated бє meet) and kept inside Latin ones (don't, he'll).
 */
function cueText(normalised: string): string {
  return ` ${normalised}`
    .replace(/[«»"“”„()[\]{}*_]/g, ' ')
    .replace(/(?<=\p{Script=Cyrillic})ʼ(?=\p{Script=Cyrillic})/gu, '')
    .replace(/ʼ(?!\p{L})|(?<!\p{L})ʼ/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface CueScore {
  score: number;
  signs: string[];
}

function found(s: CompiledSign, text: string, laughs: boolean): boolean {
  if (s.notWithLaugh && laughs) return false;
  if (!s.all.every((r) => r.test(text))) return false;
  if (s.none.some((r) => r.test(text))) return false;
  return !s.atLeast || s.atLeast.of.filter((r) => r.test(text)).length >= s.atLeast.count;
}

/**
 * The signs of one category found in `text`. A control act (part: act) counts only when someone close
 * does it, and that someone (part: actor) only counts with an act: an actor alone is not abuse, and a
 * control act by a boss or a stranger is not abuse at home.
 */
function fired(signs: readonly CompiledSign[], text: string, laughs: boolean): CompiledSign[] {
  const out = signs.filter((s) => found(s, text, laughs));
  if (out.some((s) => s.part === 'act') && out.some((s) => s.part === 'actor')) return out;
  return out.filter((s) => !s.part);
}

/** Cue scores of one reading of a message, per safety entry. */
export function scoreCues(text: string): Record<string, CueScore> {
  const t = cueText(text);
  const laughs = SAFETY_RULES.laugh.test(text);
  const out: Record<string, CueScore> = {};
  for (const category of SAFETY_RULES.categories) {
    const signs = fired(category.signs, t, laughs);
    out[category.id] = { score: signs.reduce((sum, s) => sum + s.weight, 0), signs: signs.map((s) => s.name) };
  }
  return out;
}

/** Score at which a category is called for. */
export const CUE_THRESHOLD = 2;
