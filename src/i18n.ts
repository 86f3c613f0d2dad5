/**
 * The bot's fixed texts: `locales/<lang>/translation.json`, loaded through i18next. Loaded once at
 * start; every language must have every key (tests/i18n.test.ts checks), so a missing text shows up in
 * CI, not as a key name in front of a refugee.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n } from 'i18next';
import { LANGUAGES, type Language } from './knowledge/languages';
import type { Translate } from './assistant/translate';

export type LocaleResources = Record<Language, Record<string, unknown>>;

export function readLocales(dir: string): LocaleResources {
  const out: Partial<LocaleResources> = {};
  for (const l of LANGUAGES) {
    const file = path.join(dir, l, 'translation.json');
    try {
      out[l] = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`locales: cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  return out as LocaleResources;
}

export async function createTranslator(resources: LocaleResources, defaults: Record<string, string | number> = {}): Promise<Translate> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: resources[l] }])),
    lng: 'uk',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // Chat text is not HTML; each channel escapes for its own format.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  const translate = (key: string, language: Language, vars?: Record<string, string | number>) => instance.t(key, { lng: language, ...defaults, ...vars }) as string;
  // Texts never change after start, and the values put into them are few (dates, language names), so
  // each text is worked out once; i18next's lookup and interpolation cost more than a turn's search.
  const known = new Map<string, string>();
  return (key, language, vars) => {
    const id = vars ? `${language}\u0000${key}\u0000${JSON.stringify(vars)}` : `${language}\u0000${key}`;
    let text = known.get(id);
    if (text === undefined) {
      text = translate(key, language, vars);
      // Bounded in case a caller ever passes a value that differs every time.
      if (known.size >= 10_000) known.clear();
      known.set(id, text);
    }
    return text;
  };
}

/** Every key path in a nested translation object ("menu.button.health"). */
export function keyPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? keyPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
