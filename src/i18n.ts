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
  return (key, language, vars) => instance.t(key, { lng: language, ...defaults, ...vars }) as string;
}

/** Every key path in a nested translation object ("menu.button.health"). */
export function keyPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? keyPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
