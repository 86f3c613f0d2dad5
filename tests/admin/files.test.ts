/** Knowledge files as the admin writes them, the audit diff, the translation status, the escaping template. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyChanges, serialiseNewEntry } from '../../src/admin/entry-yaml';
import { unifiedDiff } from '../../src/admin/line-diff';
import { html, trusted } from '../../src/admin/html';
import { sourceLanguage, translationStatus, translatedAfterEdit } from '../../src/admin/translation-status';
import { parseEntry } from '../../src/knowledge/parse-entry';
import { ROOT } from './helpers';

const files = readdirSync(path.join(ROOT, 'knowledge'), { recursive: true, encoding: 'utf8' })
  // places/ holds the list of municipalities, not entries.
  .filter((f) => f.endsWith('.yaml') && !f.startsWith(`places${path.sep}`))
  .map((f) => path.join(ROOT, 'knowledge', f));

describe('writing knowledge files', () => {
  test('a change that changes nothing writes every file back byte for byte', () => {
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const entry = parseEntry(file, source).entry!;
      expect(applyChanges(source, [{ path: ['answer', 'uk'], value: entry.answer.uk! }, { path: ['related'], value: entry.related }])).toBe(source);
    }
  });

  test('only the changed field changes; a new language goes in uk, ru, nl, en order', () => {
    const source = 'id: aid.x\ntopic: aid\n# a comment\nanswer:\n  uk: |\n    Текст\n  en: |\n    Text\nrelated: [aid.y]\n';
    const out = applyChanges(source, [{ path: ['answer', 'nl'], value: 'Tekst **vet**\n- een\n- twee' }]);
    expect(out).toBe('id: aid.x\ntopic: aid\n# a comment\nanswer:\n  uk: |\n    Текст\n  nl: |\n    Tekst **vet**\n    - een\n    - twee\n  en: |\n    Text\nrelated: [aid.y]\n');
  });

  test('a new entry is laid out like the hand-written ones and passes the schema', () => {
    const source = serialiseNewEntry({
      id: 'travel.driving-licence',
      topic: 'travel',
      reviewed: '2026-05-01',
      sources: ['https://www.rdw.nl/'],
      questions: { en: ['Can I drive here?', 'driving licence', 'exchange: my licence'] },
      answer: { en: 'Ask the **RDW**.' },
      related: [],
      translated: { en: '2026-05-01' },
    });
    expect(source).toBe(
      'id: travel.driving-licence\ntopic: travel\nreviewed: 2026-05-01\nsources:\n  - https://www.rdw.nl/\nquestions:\n  en:\n    - Can I drive here?\n    - driving licence\n    - "exchange: my licence"\nanswer:\n  en: |\n    Ask the **RDW**.\nrelated: []\ntranslated:\n  en: 2026-05-01\n',
    );
    expect(parseEntry('x.yaml', source).problems).toEqual([]);
  });

  test('the audit diff is a unified diff', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n')).toBe('--- before\n+++ after\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
    expect(unifiedDiff('same\n', 'same\n')).toBe('');
    expect(unifiedDiff('', 'new\n', { a: '/dev/null', b: 'x' })).toBe('--- /dev/null\n+++ x\n@@ -0,0 +1,1 @@\n+new\n');
  });
});

describe('translation status', () => {
  const entry = (translated?: Record<string, string>) => ({
    answer: { uk: 'т', nl: 't', en: 't' },
    questions: { uk: ['a', 'b', 'c'], nl: ['a', 'b', 'c'], en: ['a', 'b', 'c'], ru: ['a', 'b', 'c'] },
    ...(translated ? { translated } : {}),
  });

  test('Dutch is the source when there is a Dutch answer; a missing answer or questions is "missing"', () => {
    expect(sourceLanguage(entry())).toBe('nl');
    expect(translationStatus(entry(), 'ru')).toBe('missing');
    expect(translationStatus(entry(), 'uk')).toBe('ok');
  });

  test('a translation older than the source text is "changed"', () => {
    expect(translationStatus(entry({ nl: '2026-05-02', uk: '2026-05-01' }), 'uk')).toBe('changed');
    expect(translationStatus(entry({ nl: '2026-05-02' }), 'en')).toBe('changed');
    expect(translationStatus(entry({ nl: '2026-05-02', uk: '2026-05-02' }), 'uk')).toBe('ok');
  });

  test('editing the source clears the translations\' dates; editing or confirming a translation dates it', () => {
    const e = entry({ nl: '2026-01-01', uk: '2026-01-02', en: '2026-01-02' });
    expect(translatedAfterEdit(e, 'nl', { answerChanged: true, confirmedCurrent: false, smallFix: false }, '2026-05-01')).toEqual({ nl: '2026-05-01' });
    expect(translatedAfterEdit(e, 'nl', { answerChanged: true, confirmedCurrent: false, smallFix: true }, '2026-05-01')).toEqual(e.translated);
    expect(translatedAfterEdit(e, 'uk', { answerChanged: false, confirmedCurrent: true, smallFix: false }, '2026-05-01')).toEqual({ ...e.translated, uk: '2026-05-01' });
  });
});

describe('the html template', () => {
  test('escapes every value, in text and in attributes', () => {
    const evil = `"><script>alert('x')</script>`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>');
  });

  test('nests templates and lists without escaping them twice; trusted() is explicit', () => {
    const items = ['a&b', '<i>'];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>&lt;i&gt;</li></ul>');
    expect(html`${trusted('<b>x</b>')}${undefined}${false}${0}`.value).toBe('<b>x</b>0');
  });
});
