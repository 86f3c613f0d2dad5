import fc from 'fast-check';
import type { Reply } from '../../../src/messages';
import { VIBER_LIMITS } from '../../../src/channels/viber/limits';
import { messageBody, renderReply, renderWelcome, type ViberOutgoing } from '../../../src/channels/viber/render';
import { validateSendMessage } from '../../fakes/fake-viber';
import { captureLogger } from '../telegram/log-capture';

function reply(text: string, extra: Partial<Reply> = {}): Reply {
  return { kind: 'answer', language: 'uk', text, sources: [], buttons: [], ...extra };
}

function single(text: string, extra: Partial<Reply> = {}): string {
  const messages = renderReply(reply(text, extra));
  expect(messages).toHaveLength(1);
  return messages[0]?.text ?? '';
}

/** Every part must be something Viber accepts. */
function acceptable(message: ViberOutgoing): void {
  expect(validateSendMessage({ receiver: 'r', ...messageBody(message, 'Prykhystok') })).toBeUndefined();
}

describe('an answer rendered for Viber', () => {
  test('Markdown becomes Viber text: *bold*, plain italics, "label: url" links, bullets', () => {
    const text = single('**Call 112** now, *or* _see_ [the site](https://www.government.nl/topics?a=1&b=2)\n- first\n- second\n1) one');
    expect(text).toBe('*Call 112* now, or see the site: https://www.government.nl/topics?a=1&b=2\n• first\n• second\n1. one');
  });

  test('a link whose label is its address is shown once; phone and mail links show the number', () => {
    expect(single('[ind.nl](https://ind.nl/) or [https://ind.nl](https://ind.nl)')).toBe('https://ind.nl/ or https://ind.nl');
    expect(single('Call [Veilig Thuis](tel:0800-2000) or [mail](mailto:help@example.org)')).toBe('Call Veilig Thuis: 0800-2000 or mail: help@example.org');
  });

  test('a URL is never inside bold markers (a "*" after it would join the link)', () => {
    expect(single('**See [IND](https://ind.nl) today**')).toBe('*See IND*: https://ind.nl *today*');
  });

  test('markers next to spaces are not bold, and underscores in words are not emphasis', () => {
    expect(single('a ** not bold** b **bold **c file_name_x')).toBe('a ** not bold** b **bold **c file_name_x');
    expect(single('**Важливо:** візьміть паспорт')).toBe('*Важливо:* візьміть паспорт');
  });

  test('HTML and Viber markup characters in an answer stay text', () => {
    expect(single('Type <b>not bold</b> & <script>x</script>')).toBe('Type <b>not bold</b> & <script>x</script>');
  });

  test('notice first, then the answer, the sources one a line and the review date', () => {
    const text = single('Відповідь.', {
      notice: 'Цієї відповіді ще немає українською.',
      sources: ['https://ind.nl/en/ukraine', 'https://ind.nl/en/ukraine', 'javascript:alert(1)'],
      reviewedLabel: 'Перевірено 6 березня 2026 р.',
    });
    expect(text).toBe('ℹ️ Цієї відповіді ще немає українською.\n\nВідповідь.\n\n🔗 https://ind.nl/en/ukraine\n✅ Перевірено 6 березня 2026 р.');
  });

  test('buttons become a reply keyboard under the last part, payloads as ActionBody, silent', () => {
    const [message] = renderReply(reply('Оберіть тему:', { buttons: [{ label: '🏠 Житло', payload: 't:housing' }, { label: 'Меню', payload: 'm' }] }));
    expect(message?.keyboard).toEqual({
      Type: 'keyboard',
      DefaultHeight: false,
      Buttons: [
        { Columns: 6, Rows: 1, ActionType: 'reply', ActionBody: 't:housing', Text: '🏠 Житло', TextSize: 'regular', Silent: true },
        { Columns: 6, Rows: 1, ActionType: 'reply', ActionBody: 'm', Text: 'Меню', TextSize: 'regular', Silent: true },
      ],
    });
    acceptable(message!);
    expect(messageBody(message!, 'Prykhystok')).toMatchObject({ type: 'text', sender: { name: 'Prykhystok' }, min_api_version: 1 });
    expect(messageBody({ text: 'x' }, 'Prykhystok')).toEqual({ type: 'text', sender: { name: 'Prykhystok' }, text: 'x' });
  });

  test('a reply with buttons but no text still has a text, as Viber requires one', () => {
    const [message] = renderReply(reply('  ', { buttons: [{ label: 'Меню', payload: 'm' }] }));
    expect(message?.text).toBe('👇');
    expect(renderReply(reply(''))).toEqual([]);
  });

  test('buttons Viber would refuse are dropped and logged; labels are cleaned and shortened', () => {
    const { logger, all } = captureLogger();
    const [message] = renderReply(
      reply('x', {
        buttons: [
          { label: 'ok', payload: 'm' },
          { label: 'too long', payload: `a:${'x'.repeat(70)}` },
          { label: '  ', payload: 'l' },
          { label: '<b>a</b>\n  b', payload: 'l:uk' },
          { label: 'я'.repeat(300), payload: 'l:ru' },
        ],
      }),
      { logger },
    );
    const buttons = message?.keyboard?.Buttons ?? [];
    expect(buttons.map((b) => b.ActionBody)).toEqual(['m', 'l:uk', 'l:ru']);
    expect(buttons[1]?.Text).toBe('‹b›a‹/b› b');
    expect(buttons[2]?.Text).toHaveLength(VIBER_LIMITS.buttonTextLength);
    expect(buttons[2]?.Text.endsWith('…')).toBe(true);
    expect(all()).toContain('dropped a button');
    acceptable(message!);
  });

  test('more than 12 buttons go two to a row; beyond 24 the rest is dropped with a warning', () => {
    const buttons = (n: number) => Array.from({ length: n }, (_, k) => ({ label: `Питання ${k + 1}`, payload: `a:status.q${k}` }));
    const keyboard = (n: number, logger = captureLogger().logger) => renderReply(reply('x', { buttons: buttons(n) }), { logger })[0]?.keyboard;
    expect(keyboard(12)?.Buttons.every((b) => b.Columns === 6)).toBe(true);
    expect(keyboard(13)?.Buttons.every((b) => b.Columns === 3)).toBe(true);
    const { logger, all } = captureLogger();
    expect(keyboard(30, logger)?.Buttons).toHaveLength(24);
    expect(all()).toContain('too many buttons');
    for (const n of [1, 12, 13, 24, 30]) acceptable({ text: 'x', keyboard: keyboard(n)! });
  });

  test('a long answer is split under 7000 characters at paragraph breaks, buttons on the last part only', () => {
    const paragraph = `**Крок.** ${'Зареєструйтеся в муніципалітеті (gemeente) і отримайте BSN. '.repeat(12)}`;
    const text = Array.from({ length: 20 }, () => paragraph).join('\n\n');
    const parts = renderReply(reply(text, { buttons: [{ label: 'Меню', payload: 'm' }] }));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(7000);
      expect(part.text.startsWith('*Крок.*')).toBe(true);
      acceptable(part);
    }
    expect(parts.map((p) => p.keyboard !== undefined)).toEqual(parts.map((_, k) => k === parts.length - 1));
  });

  test('splitting never loses text, never splits a character, and keeps bold markers paired', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('слово', '**жирне**', 'https://ind.nl/a_b', '😀', '\n\n', ' ', 'x', '- пункт\n', 'BSN'), { maxLength: 200 }),
        fc.integer({ min: 20, max: 300 }),
        (pieces, limit) => {
          const source = pieces.join(' ');
          const parts = renderReply(reply(source), { maxLength: limit });
          const whole = renderReply(reply(source), { maxLength: 100_000 });
          const squash = (s: string) => s.replace(/[\s*]/g, '');
          expect(squash(parts.map((p) => p.text).join(''))).toBe(squash(whole.map((p) => p.text).join('')));
          for (const part of parts) {
            expect(part.text.length).toBeLessThanOrEqual(limit);
            expect(part.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
            const markers = part.text.replace(/https:\/\/\S+/g, '').match(/\*/g)?.length ?? 0;
            expect(markers % 2).toBe(0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a text that is heavy in bytes is split to keep the request under Viber\'s 30 KB', () => {
    const text = '漢字'.repeat(3400);
    const parts = renderReply(reply(text));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part.text))).toBeLessThanOrEqual(VIBER_LIMITS.messageJsonBytes);
  });
});

describe('the welcome message', () => {
  test('the turn\'s replies become one message with the last keyboard', () => {
    const welcome = renderWelcome([
      reply('Вітаю! Я **Прихисток**.', { kind: 'greeting' }),
      reply('Оберіть тему:', { kind: 'menu', buttons: [{ label: '🏠 Житло', payload: 't:housing' }] }),
    ]);
    expect(welcome?.text).toBe('Вітаю! Я *Прихисток*.\n\nОберіть тему:');
    expect(welcome?.keyboard?.Buttons.map((b) => b.ActionBody)).toEqual(['t:housing']);
    expect(renderWelcome([])).toBeUndefined();
  });

  test('a welcome over the limit is cut, not sent in parts (Viber allows one message)', () => {
    const welcome = renderWelcome([reply('слово '.repeat(2000))], { maxLength: 500 });
    expect(welcome?.text.length).toBeLessThanOrEqual(500);
  });
});
