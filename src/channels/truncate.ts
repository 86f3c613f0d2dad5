/** The longest start of `text` of at most `max` UTF-16 units that does not split a character in two. */
export function prefixWithin(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/** At most `max` UTF-16 units, ending in "…" when shortened, never splitting a character. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${prefixWithin(text, max - 1)}…`;
}
