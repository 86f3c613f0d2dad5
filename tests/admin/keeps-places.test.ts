/**
 * Saving an entry in the volunteers' pages changes only what the volunteer edited: the place variants
 * (`places:`), the counter card (`counter:`) and the translation dates (`translated:`) of a file stay
 * where they were, byte for byte, whatever else a save adds or changes.
 */
import { applyChanges } from '../../src/admin/entry-yaml';
import { parseEntry } from '../../src/knowledge/parse-entry';

// A hand-written file that keeps its place variants and counter card between the answer and `related`,
// with comments, and a `translated` map at the end: a save must not move any of them.
const PLACES = `places:
  GM0344:                    # Utrecht (CBS code)
    reviewed: 2026-12-03
    sources:
      - https://www.utrecht.nl/wonen-en-leven/verhuizen/
    answer:
      uk: |
        Запишіться на прийом у Stadskantoor (Stadsplateau 1).
      nl: |
        Maak een afspraak bij het Stadskantoor (Stadsplateau 1).
  GM0518:
    reviewed: 2026-12-01
    sources: [https://www.denhaag.nl/nl/verhuizen]
    answer:
      en: |
        Make an appointment at a city office.
`;
const COUNTER = `counter:
  ask:
    nl: Ik wil me inschrijven in de BRP.
    uk: Я хочу зареєструватися в BRP.
  text:
    nl: |
      - **Richtlijn Tijdelijke Bescherming**: ik heb recht op inschrijving.
`;
const SOURCE = `id: status.register
topic: status
reviewed: 2026-11-02
sources:
  - https://www.rijksoverheid.nl/
questions:
  uk: [Як зареєструватися?, реєстрація в гемеенте, де отримати BSN]
  nl: [Hoe schrijf ik me in?, inschrijven gemeente, BSN aanvragen]
answer:
  uk: |
    Зареєструйтеся в гемеенте.
  nl: |
    Schrijf u in bij de gemeente.
${PLACES}${COUNTER}related: []
translated:
  nl: 2026-11-02
  uk: 2026-11-02
`;

const topLevelKeys = (source: string) => [...source.matchAll(/^([a-z]+):/gm)].map((m) => m[1]);

describe('a save keeps the parts of an entry it does not edit', () => {
  test('the file is valid to start with', () => {
    expect(parseEntry('register.yaml', SOURCE).problems).toEqual([]);
  });

  test('changing the answer, adding keywords and dating the translation keeps places, counter and translated in place', () => {
    const out = applyChanges(SOURCE, [
      { path: ['answer', 'uk'], value: 'Зареєструйтеся в гемеенте протягом 5 днів.' },
      { path: ['keywords', 'uk'], value: ['BRP', 'прописка'] },
      { path: ['translated', 'uk'], value: '2026-12-03' },
    ]);
    expect(out).toContain(PLACES + COUNTER);
    expect(topLevelKeys(out)).toEqual(['id', 'topic', 'reviewed', 'sources', 'questions', 'keywords', 'answer', 'places', 'counter', 'related', 'translated']);
    const before = parseEntry('register.yaml', SOURCE).entry!;
    const after = parseEntry('register.yaml', out).entry!;
    expect(after.places).toEqual(before.places);
    expect(after.counter).toEqual(before.counter);
    expect(after.translated).toEqual({ nl: '2026-11-02', uk: '2026-12-03' });
  });

  test('adding a field the file did not have yet (translated) puts it at the end without moving places or counter', () => {
    const withoutDates = SOURCE.replace(/translated:\n( {2}.*\n)+/, '');
    const out = applyChanges(withoutDates, [{ path: ['translated', 'en'], value: '2026-12-03' }]);
    expect(out).toBe(`${withoutDates}translated:\n  en: 2026-12-03\n`);
  });

  test('removing every translation date removes `translated` and nothing else', () => {
    const out = applyChanges(SOURCE, [
      { path: ['translated', 'nl'], value: undefined },
      { path: ['translated', 'uk'], value: undefined },
    ]);
    expect(out).toBe(SOURCE.replace(/translated:\n( {2}.*\n)+/, ''));
  });

  test('editing one language of one variant leaves the other variant, the other languages and the comments as they were', () => {
    const out = applyChanges(SOURCE, [{ path: ['places', 'GM0344', 'answer', 'uk'], value: 'Запишіться онлайн на utrecht.nl.' }]);
    expect(out).toBe(SOURCE.replace('        Запишіться на прийом у Stadskantoor (Stadsplateau 1).\n', '        Запишіться онлайн на utrecht.nl.\n'));
  });
});
