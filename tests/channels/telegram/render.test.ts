import fc from 'fast-check';
import type { Reply } from '../../../src/messages';
import { renderReply, type TelegramOutgoing } from '../../../src/channels/telegram/render';
import { validateTelegramHtml } from '../../fakes/fake-telegram';
import { captureLogger } from './log-capture';

function reply(text: string, extra: Partial<Reply> = {}): Reply {
  return { kind: 'answer', language: 'uk', text, sources: [], buttons: [], ...extra };
}

/** What the person sees in a part: the validator also proves Telegram would accept the HTML. */
function visible(message: TelegramOutgoing): string {
  const checked = validateTelegramHtml(message.text);
  if (!checked.ok) throw new Error(`Telegram would refuse: ${checked.error}\n${message.text}`);
  return checked.text;
}

function single(text: string, extra: Partial<Reply> = {}): string {
  const messages = renderReply(reply(text, extra));
  expect(messages).toHaveLength(1);
  return messages[0]?.text ?? '';
}

describe('an answer rendered for Telegram', () => {
  test('HTML in an answer is shown as text, never interpreted', () => {
    const html = single('Type <script>alert("x")</script> & <b>not bold</b>');
    expect(html).toBe('Type &lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;');
    expect(visible({ text: html })).toBe('Type <script>alert("x")</script> & <b>not bold</b>');
  });

  test('bold, italic and links become Telegram tags', () => {
    const html = single('**Call 112** now, *or* _see_ [the site](https://www.government.nl/topics?a=1&b="2")');
    expect(html).toBe(
      '<b>Call 112</b> now, <i>or</i> <i>see</i> <a href="https://www.government.nl/topics?a=1&amp;b=&quot;2&quot;">the site</a>',
    );
    expect(visible({ text: html })).toBe('Call 112 now, or see the site');
  });

  test('bold and links nest without breaking the markup', () => {
    const html = single('**Bold with [a link](https://ind.nl) and *italic***');
    expect(html).toBe('<b>Bold with <a href="https://ind.nl">a link</a> and <i>italic</i></b>');
    expect(single('***both***')).toBe('<b><i>both</i></b>');
  });

  test('only http(s) links become links; other targets stay readable text', () => {
    expect(single('[click](javascript:alert(1))')).not.toContain('<a');
    expect(single('[Call the helpline](tel:+31880882400)')).toBe('Call the helpline (+31880882400)');
    expect(single('[x](ftp://example.org/file)')).toBe('x (ftp://example.org/file)');
  });

  test('underscores inside words and lone asterisks are not formatting', () => {
    expect(single('file_name_here and 2 * 3 * 4 and https://a.nl/x_y_z')).toBe('file_name_here and 2 * 3 * 4 and https://a.nl/x_y_z');
  });

  test('lists become bullet lines and paragraphs keep one blank line', () => {
    const html = single('Bring:\n- passport\n- **BSN** letter\n\n\n1. Call\n2. Go');
    expect(visible({ text: html })).toBe('Bring:\n• passport\n• BSN letter\n\n1. Call\n2. Go');
  });

  test('the notice comes first in italic, then the answer, then sources and the review date', () => {
    const html = single('Answer.', {
      notice: 'This answer is not yet in Ukrainian; here it is in English.',
      sources: ['https://www.rijksoverheid.nl/onderwerpen/opvang', 'https://ind.nl/en', 'javascript:alert(1)'],
      reviewedLabel: 'Checked on 6 March 2026',
    });
    expect(html).toBe(
      '<i>This answer is not yet in Ukrainian; here it is in English.</i>\n\nAnswer.\n\n' +
        '🔗 <a href="https://www.rijksoverheid.nl/onderwerpen/opvang">rijksoverheid.nl</a> · <a href="https://ind.nl/en">ind.nl</a> · ✅ Checked on 6 March 2026',
    );
  });

  describe('a long Cyrillic answer', () => {
    const sentence = 'Ви можете звернутися до **муніципалітету** за місцем проживання, там вам допоможуть з реєстрацією та житлом. ';
    const paragraphs = Array.from({ length: 12 }, (_, k) => `${k + 1}. ${sentence.repeat(8)}[Детальніше](https://www.rijksoverheid.nl/p${k})`);
    const long = reply(paragraphs.join('\n\n'), {
      sources: ['https://www.rijksoverheid.nl/'],
      reviewedLabel: 'Перевірено 6 березня 2026',
      buttons: [
        { label: 'Так, допомогло', payload: 'f:+:shelter.municipality' },
        { label: 'Меню', payload: 'm' },
      ],
    });
    const messages = renderReply(long);
    const unsplit = renderReply(long, { maxLength: 1_000_000 });

    test('is split into messages Telegram accepts, each within 4096 characters', () => {
      expect(messages.length).toBeGreaterThan(2);
      for (const message of messages) {
        expect(message.text.length).toBeLessThanOrEqual(4096);
        expect(visible(message).length).toBeLessThanOrEqual(4096);
      }
    });

    test('is cut between paragraphs, and nothing is lost or repeated', () => {
      for (const message of messages.slice(0, -1)) expect(visible(message)).toMatch(/Детальніше$/);
      const joined = messages.map(visible).join('\n\n');
      expect(joined).toBe(visible(unsplit[0] as TelegramOutgoing));
    });

    test('carries the buttons on the last message only, one per row', () => {
      for (const message of messages.slice(0, -1)) expect(message.reply_markup).toBeUndefined();
      expect(messages[messages.length - 1]?.reply_markup).toEqual({
        inline_keyboard: [[{ text: 'Так, допомогло', callback_data: 'f:+:shelter.municipality' }], [{ text: 'Меню', callback_data: 'm' }]],
      });
    });
  });

  test('one huge paragraph is cut between words, and a bold phrase stays bold on both sides', () => {
    const words = Array.from({ length: 1200 }, (_, k) => `слово${k}`);
    const messages = renderReply(reply(`**${words.join(' ')}**`));
    expect(messages.length).toBeGreaterThan(1);
    const seen: string[] = [];
    for (const message of messages) {
      expect(message.text).toMatch(/^<b>.*<\/b>$/s);
      seen.push(...visible(message).split(' '));
    }
    expect(seen).toEqual(words);
  });

  test('text made of escaped characters keeps the HTML within 4096 too', () => {
    const messages = renderReply(reply('<&>'.repeat(3000)));
    for (const message of messages) expect(message.text.length).toBeLessThanOrEqual(4096);
    expect(messages.map(visible).join('')).toBe('<&>'.repeat(3000));
  });

  test('any Markdown-ish input gives valid parts within the limit that lose nothing', () => {
    const token = fc.constantFrom(
      'слово', 'word', 'їжак', '😀', '**', '*', '_', '<', '>', '&', '"', ' ', ' ', ' ', '\n', '\n\n', '- ', '1. ',
      '[сайт](https://example.org/a_b?x=1&y=2)', '[bad](javascript:x)', '\\*',
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 300 }), fc.integer({ min: 80, max: 400 }), (tokens, limit) => {
        const input = reply(tokens.join(''), { notice: 'Увага <i>', buttons: [{ label: 'Меню', payload: 'm' }] });
        const whole = renderReply(input, { maxLength: 1_000_000 });
        const parts = renderReply(input, { maxLength: limit });
        for (const part of parts) {
          const text = visible(part);
          expect(part.text.length).toBeLessThanOrEqual(limit);
          expect(text.length).toBeLessThanOrEqual(limit);
          expect(text.trim()).toBe(text);
          expect(text.length).toBeGreaterThan(0);
        }
        const squash = (s: string): string => s.replace(/\s+/g, '');
        expect(squash(parts.map(visible).join(''))).toBe(squash(whole.map(visible).join('')));
        expect(parts[parts.length - 1]?.reply_markup).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe('buttons on Telegram', () => {
  test('a payload over 64 bytes is dropped and logged; the rest of the reply still goes out', () => {
    const { logger, all } = captureLogger();
    const ok64 = `a:${'x'.repeat(62)}`;
    const messages = renderReply(
      reply('Text', {
        buttons: [
          { label: 'fits', payload: ok64 },
          { label: 'too long', payload: `${ok64}y` },
          { label: 'Cyrillic payload', payload: 'ї'.repeat(33) },
          { label: 'empty', payload: '' },
        ],
      }),
      { logger },
    );
    expect(messages[0]?.reply_markup?.inline_keyboard).toEqual([[{ text: 'fits', callback_data: ok64 }]]);
    expect(all()).toContain('"payloadBytes":65');
    expect(all()).toContain('"payloadBytes":66');
    expect(all()).toContain('"payloadBytes":0');
  });

  test('a long label is shortened to 64 characters with an ellipsis, never splitting a character', () => {
    const label = `${'Довга назва кнопки '.repeat(5)}😀😀`;
    const text = renderReply(reply('Text', { buttons: [{ label, payload: 'm' }] }))[0]?.reply_markup?.inline_keyboard[0]?.[0]?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(64);
    expect(text.endsWith('…')).toBe(true);
    expect(label.startsWith(text.slice(0, -1))).toBe(true);
    const emoji = renderReply(reply('Text', { buttons: [{ label: '😀'.repeat(40), payload: 'm' }] }))[0]?.reply_markup?.inline_keyboard[0]?.[0]?.text ?? '';
    expect(emoji).toBe(`${'😀'.repeat(31)}…`);
  });

  test('a menu with buttons but no text still shows its buttons', () => {
    const messages = renderReply(reply('  ', { buttons: [{ label: 'Меню', payload: 'm' }] }));
    expect(messages).toHaveLength(1);
    expect(visible(messages[0] as TelegramOutgoing).length).toBeGreaterThan(0);
    expect(renderReply(reply(''))).toEqual([]);
  });
});
