/* The languages the bot speaks, and their names as shown in the language switcher. */

export const LANGUAGES = ['uk', 'ru', 'nl', 'en'];
export const LANGUAGE_NAMES = { uk: 'Українська', ru: 'Русский', nl: 'Nederlands', en: 'English' };

export function isLanguage(value) {
  return typeof value === 'string' && LANGUAGES.indexOf(value) !== -1;
}
