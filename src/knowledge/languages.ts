/** The languages Prykhystok speaks, in the order menus list them. */
export const LANGUAGES = ['uk', 'ru', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
