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

  test('a new municipality goes after the others and a new counter card before the variants, as the shipped files have them; nothing moves', () => {
    const shipped = SOURCE.replace(COUNTER, '').replace(PLACES, '').replace('related: []\n', `related: []\n${PLACES}`);
    const out = applyChanges(shipped, [
      { path: ['places', 'GM0344', 'answer', 'en'], value: 'Make an appointment at the Stadskantoor.' },
      { path: ['places', 'GM0363', 'reviewed'], value: '2026-12-03' },
      { path: ['places', 'GM0363', 'sources'], value: ['https://www.amsterdam.nl/'] },
      { path: ['places', 'GM0363', 'answer', 'uk'], value: 'Зверніться до Stadsloket.' },
      { path: ['counter', 'ask', 'nl'], value: 'Ik wil me inschrijven.' },
    ]);
    expect(topLevelKeys(out)).toEqual(['id', 'topic', 'reviewed', 'sources', 'questions', 'answer', 'related', 'counter', 'places', 'translated']);
    expect(out).toContain('        Maak een afspraak bij het Stadskantoor (Stadsplateau 1).\n      en: |\n        Make an appointment at the Stadskantoor.\n  GM0518:\n');
    expect(out).toContain('        Make an appointment at a city office.\n  GM0363:\n    reviewed: 2026-12-03\n    sources:\n      - https://www.amsterdam.nl/\n    answer:\n      uk: |\n        Зверніться до Stadsloket.\ntranslated:\n');
    expect(parseEntry('register.yaml', out).problems).toEqual([]);
  });

  test('editing one language of one variant leaves the other variant, the other languages and the comments as they were', () => {
    const out = applyChanges(SOURCE, [{ path: ['places', 'GM0344', 'answer', 'uk'], value: 'Запишіться онлайн на utrecht.nl.' }]);
    expect(out).toBe(SOURCE.replace('        Запишіться на прийом у Stadskantoor (Stadsplateau 1).\n', '        Запишіться онлайн на utrecht.nl.\n'));
  });
});
