import fc from 'fast-check';
import { appendMarkdown, splitToLimit, toWhatsApp, type Run } from '../../../src/channels/whatsapp/format';

function whatsapp(markdown: string): string {
  const runs: Run[] = [];
  appendMarkdown(markdown, runs);
  return toWhatsApp(runs);
}

describe('the Markdown subset in WhatsApp formatting', () => {
  test.each([
    ['**bold**', '*bold*'],
    ['*italic* and _italic_', '_italic_ and _italic_'],
    ['**bold with _italic_ inside**', '*bold with* *_italic_* *inside*'],
    ['Зверніться до **муніципалітету (gemeente)**.', 'Зверніться до *муніципалітету (gemeente)*.'],
  ])('%s → %s', (markdown, expected) => {
    expect(whatsapp(markdown)).toBe(expected);
  });

  test('links become "label: url"; a link whose label is its address is the bare URL', () => {
    expect(whatsapp('Дивіться [сайт IND](https://ind.nl/uk) або [refugeehelp.nl](https://www.refugeehelp.nl/).')).toBe(
      'Дивіться сайт IND: https://ind.nl/uk або https://www.refugeehelp.nl/.',
    );
  });

  test('a bold link keeps its label bold and its URL clean, so the tapped link has no "*" in it', () => {
    expect(whatsapp('**[Veilig Thuis](https://veiligthuis.nl)**')).toBe('*Veilig Thuis*: https://veiligthuis.nl');
  });

  test('tel: and mailto: show the number or address after the label; other schemes only the label', () => {
    expect(whatsapp('[Подзвоніть](tel:+31881234567), [напишіть](mailto:hulp@example.org), [x](javascript:void)')).toBe(
      'Подзвоніть: +31881234567, напишіть: hulp@example.org, x',
    );
  });

  test('"- " lists become "• ", numbered lists keep their numbers, paragraphs keep one blank line', () => {
    expect(whatsapp('Вам потрібно:\n- паспорт\n- **BSN**\n\n\n1. Запишіться\n2) Прийдіть')).toBe('Вам потрібно:\n• паспорт\n• *BSN*\n\n1. Запишіться\n2. Прийдіть');
  });

  test('bold over a line break is closed and reopened on each line (WhatsApp does not carry it over)', () => {
    const runs: Run[] = [{ text: 'перший рядок\nдругий рядок', bold: true, italic: false, verbatim: false }];
    expect(toWhatsApp(runs)).toBe('*перший рядок*\n*другий рядок*');
  });

  test('stray formatting characters cannot pair up; underscores inside words and URLs stay', () => {
    expect(whatsapp('5 \\* 3 ~ 2 `x` _ 1 and file_name, see https://example.org/a_b_/~c')).toBe('5 ∗ 3 ∼ 2 ˋxˋ ＿ 1 and file_name, see https://example.org/a_b_/~c');
  });

  test('a bare URL at the end of a sentence does not swallow the full stop', () => {
    expect(whatsapp('Див. https://ind.nl/uk.')).toBe('Див. https://ind.nl/uk.');
  });
});

describe('splitting to a length limit', () => {
  const runsOf = (markdown: string): Run[] => {
    const runs: Run[] = [];
    appendMarkdown(markdown, runs);
    return runs;
  };

  test('a short text is one part', () => {
    expect(splitToLimit(runsOf('Коротко.'), 4096)).toEqual(['Коротко.']);
  });

  test('nothing but whitespace is no part at all', () => {
    expect(splitToLimit(runsOf('  \n\n '), 4096)).toEqual([]);
  });

  test('prefers a paragraph break, and a bold phrase cut in two stays bold on both sides', () => {
    const first = 'Перший абзац про житло. '.repeat(3).trim();
    const second = `**${'Другий абзац жирним. '.repeat(4).trim()}**`;
    const parts = splitToLimit(runsOf(`${first}\n\n${second}`), 80);
    expect(parts[0]).toBe(first);
    for (const part of parts.slice(1)) expect(part).toMatch(/^\*[^*]+\*$/);
  });

  test('every part fits, no part starts or ends with whitespace, and no text is lost', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('слово', '**жирне**', '_курсив_', '\n', '\n\n', '- пункт', 'https://ind.nl/uk/a_b', '[мітка](https://x.nl)', 'ї', '🇺🇦', '  '), {
          maxLength: 80,
        }),
        fc.integer({ min: 12, max: 60 }),
        (pieces, limit) => {
          const runs = runsOf(pieces.join(' '));
          const parts = splitToLimit(runs, limit);
          const visible = (s: string): string => s.replace(/[*_\s]/g, '');
          for (const part of parts) {
            expect(part.length).toBeLessThanOrEqual(limit);
            expect(part).toBe(part.trim());
          }
          expect(visible(parts.join(''))).toBe(visible(toWhatsApp(runs)));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a surrogate pair (an emoji) is never cut in half', () => {
    const parts = splitToLimit([{ text: '🇺🇦'.repeat(20), bold: false, italic: false, verbatim: false }], 7);
    for (const part of parts) expect(part).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
    expect(parts.join('')).toBe('🇺🇦'.repeat(20));
  });
});
