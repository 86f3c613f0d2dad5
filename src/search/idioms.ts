/**
 * Phrases whose meaning is not in their words. The ranker reads a bag of words, so "naar Oekraïne en
 * terug" (a round trip) and "terug naar Oekraïne" (going back for good) look the same to it. Each idiom
 * here adds the words that carry its meaning (as the knowledge base writes them) to the text that is
 * ranked; phrasings are read the same way, so both sides meet. Normalised text: lower case, ʼ apostrophe.
 */
const IDIOMS: ReadonlyArray<readonly [RegExp, string]> = [
  // nl: there and back
  [/\ben (?:daarna |dan |weer |meteen )*(?:terug|terugkomen|terugkeren|teruggaan|terugreizen)\b/, 'heen en terug'],
  [/\bop en neer\b/, 'heen en terug'],
  // en: there and back
  [/\band (?:then |later )?(?:come|coming|get|getting|fly|flying|travel|travelling|go|going) back\b/, 'round trip'],
  [/\band back\b|\bthere and back\b/, 'round trip'],
];

/** `text` with the meaning words of any idiom it contains appended. */
export function withIdioms(text: string): string {
  let extra = '';
  for (const [pattern, meaning] of IDIOMS) if (pattern.test(text)) extra += ` ${meaning}`;
  return extra ? `${text}${extra}` : text;
}
