import path from 'node:path';
import { readLocales, keyPaths, createTranslator } from '../src/i18n';
import { LANGUAGES } from '../src/knowledge/languages';

const resources = readLocales(path.resolve(__dirname, '../locales'));

describe('the bot speaks every fixed text in four languages', () => {
  const english = keyPaths(resources.en).sort();
  it.each(LANGUAGES)('%s has exactly the English keys, none empty', (l) => {
    expect(keyPaths(resources[l]).sort()).toEqual(english);
    const flat = (obj: Record<string, unknown>): string[] =>
      Object.values(obj).flatMap((v) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>) : [String(v)]));
    for (const text of flat(resources[l])) expect(text.trim().length).toBeGreaterThan(0);
  });

  it.each(LANGUAGES)('%s keeps every placeholder of the English text', (l) => {
    const get = (obj: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);
    for (const key of english) {
      const placeholders = (s: string) => (s.match(/\{\{\w+\}\}|\{\w+\}/g) ?? []).sort();
      expect({ key, p: placeholders(String(get(resources[l], key))) }).toEqual({ key, p: placeholders(String(get(resources.en, key))) });
    }
  });

  it('fills the privacy notice with the configured retention', async () => {
    const t = await createTranslator(resources, { days: 45, stateDays: 30 });
    for (const l of LANGUAGES) expect(t('privacy.text', l)).toMatch(/45/);
  });
});
