import { encodeAction, MENU_TOPICS } from '../../../src/assistant/payloads';
import { choicesFor, keepMostUseful } from '../../../src/channels/whatsapp/interactive';
import { renderReply, type WhatsAppOutgoing } from '../../../src/channels/whatsapp/render';
import type { Reply, ReplyButton } from '../../../src/messages';
import { validateMessage } from '../../fakes/fake-whatsapp';
import { captureLogger } from '../telegram/log-capture';

const answer = (text: string, buttons: ReplyButton[] = [], extra: Partial<Reply> = {}): Reply => ({ kind: 'answer', language: 'uk', text, sources: [], buttons, ...extra });

const feedback: ReplyButton[] = [
  { label: '👍 Допомогло', payload: encodeAction({ type: 'feedback', id: 'healthcare.gp', helpful: true }) },
  { label: '👎 Не допомогло', payload: encodeAction({ type: 'feedback', id: 'healthcare.gp', helpful: false }) },
];
const followUps: ReplyButton[] = [
  { label: 'Куди звертатися до лікаря вночі?', payload: encodeAction({ type: 'entry', id: 'healthcare.after-hours' }) },
  { label: 'Як отримати рецепт на ліки?', payload: encodeAction({ type: 'entry', id: 'healthcare.medicines' }) },
];
const menu: ReplyButton = { label: '☰ Меню', payload: encodeAction({ type: 'menu' }) };

/** Every rendered message must pass the fake API's checks (Meta's limits). */
function render(reply: Reply, options: Parameters<typeof renderReply>[1] = {}): WhatsAppOutgoing[] {
  const messages = renderReply(reply, options);
  for (const message of messages) expect(validateMessage(message as unknown as Record<string, unknown>)).toBeUndefined();
  return messages;
}

describe('a reply rendered for WhatsApp', () => {
  test('without buttons: text with link previews off', () => {
    expect(render(answer('**BSN** — ваш номер.'))).toEqual([{ type: 'text', text: { body: '*BSN* — ваш номер.', preview_url: false } }]);
  });

  test('the notice in italics, then the answer, then one line per source and the date it was checked', () => {
    const [message] = render(
      answer('Відповідь.', [], {
        notice: 'Цієї відповіді ще немає українською.',
        sources: ['https://ind.nl/uk', 'https://ind.nl/uk', 'javascript:alert(1)', 'https://www.rijksoverheid.nl/'],
        reviewedLabel: 'Перевірено 6 березня 2026',
      }),
    );
    expect(message).toEqual({
      type: 'text',
      text: { body: '_Цієї відповіді ще немає українською._\n\nВідповідь.\n\n🔗 https://ind.nl/uk\n🔗 https://www.rijksoverheid.nl/\n✅ Перевірено 6 березня 2026', preview_url: false },
    });
  });

  test('a long text is split into messages of at most 4,096 characters, at paragraph boundaries', () => {
    const paragraph = 'Реєстрація в муніципалітеті (BRP) дає вам номер BSN. '.repeat(20).trim();
    const messages = render(answer(Array.from({ length: 8 }, () => paragraph).join('\n\n')));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.type).toBe('text');
      if (message.type === 'text') expect(message.text.body.endsWith('BSN.')).toBe(true);
    }
  });

  test('up to three short choices: reply buttons under the answer, in one message', () => {
    const [message, ...rest] = render(answer('Дякую за відгук!', [menu, { label: '🌐 Мова', payload: 'l' }]));
    expect(rest).toEqual([]);
    expect(message).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Дякую за відгук!' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'm', title: '☰ Меню' } },
            { type: 'reply', reply: { id: 'l', title: '🌐 Мова' } },
          ],
        },
      },
    });
  });

  test('a choice whose label would be cut at 20 characters goes in a list, its whole label as the description', () => {
    const [message] = render(answer('Не знаю відповіді.', [followUps[0]!, menu]));
    expect(message).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list',
        action: {
          button: '📋',
          sections: [
            {
              rows: [
                { id: 'a:healthcare.after-hours', title: 'Куди звертатися до…', description: 'Куди звертатися до лікаря вночі?' },
                { id: 'm', title: '☰ Меню' },
              ],
            },
          ],
        },
      },
    });
  });

  test('an answer with follow-ups and feedback: one list message, follow-ups first', () => {
    const messages = render(answer('Запишіться до сімейного лікаря.', [...followUps, ...feedback]));
    expect(messages).toHaveLength(1);
    const rows = messages[0]?.type === 'interactive' && messages[0].interactive.type === 'list' ? messages[0].interactive.action.sections[0]?.rows : [];
    expect(rows?.map((row) => row.id)).toEqual(['a:healthcare.after-hours', 'a:healthcare.medicines', 'f:+:healthcare.gp', 'f:-:healthcare.gp']);
  });

  test('an answer too long for an interactive body: the text first, then the buttons under a short prompt', () => {
    const text = 'Якщо проблема не термінова, завжди йдіть спершу до сімейного лікаря. '.repeat(20);
    const messages = render(answer(text, [...followUps, ...feedback]), { phrases: (language) => ({ prompt: language === 'uk' ? 'Оберіть:' : 'Choose:', listButton: 'Варіанти' }) });
    expect(messages.map((m) => m.type)).toEqual(['text', 'interactive']);
    expect(messages[1]).toMatchObject({ interactive: { type: 'list', body: { text: 'Оберіть:' }, action: { button: 'Варіанти' } } });
  });

  test('buttons without text still get a body (WhatsApp refuses an empty one)', () => {
    expect(render(answer('', [menu]))).toMatchObject([{ type: 'interactive', interactive: { body: { text: '👇' } } }]);
    expect(render(answer('', [menu]), { phrases: () => ({ prompt: '  ' }) })).toMatchObject([{ interactive: { body: { text: '👇' } } }]);
  });

  test('nothing to say and no buttons: nothing is sent', () => {
    expect(render(answer('   '))).toEqual([]);
  });
});

describe('choosing buttons when there are more than WhatsApp shows', () => {
  const topics: ReplyButton[] = MENU_TOPICS.map((topic) => ({ label: topic, payload: encodeAction({ type: 'topic', topic }) }));
  const languageButton: ReplyButton = { label: '🌐 Мова', payload: encodeAction({ type: 'choose-language' }) };

  test('the main menu (ten topics and "language"): the ten topics are kept', () => {
    const choices = choicesFor([...topics, languageButton]);
    expect(choices?.kind).toBe('list');
    expect(choices?.kind === 'list' && choices.rows.map((row) => row.id)).toEqual(topics.map((t) => t.payload));
  });

  test('a topic with many answers: the answers are kept and the menu button goes first', () => {
    const entries = Array.from({ length: 10 }, (_, k) => ({ label: `Питання ${k}`, payload: encodeAction({ type: 'entry', id: `status.q${k}` }) }));
    expect(keepMostUseful([...entries, menu], 10)).toEqual(entries);
  });

  test('follow-ups, then feedback, then topics, then languages, the menu last — in the original order', () => {
    const mixed = [menu, languageButton, topics[0]!, feedback[0]!, followUps[0]!, { label: 'Українська', payload: encodeAction({ type: 'language', language: 'uk' }) }];
    expect(keepMostUseful(mixed, 3).map((b) => b.payload)).toEqual([topics[0]!.payload, feedback[0]!.payload, followUps[0]!.payload]);
    expect(keepMostUseful(mixed, 5)).toEqual([languageButton, topics[0], feedback[0], followUps[0], mixed[5]]);
  });

  test('buttons WhatsApp would refuse are dropped with a warning, not the whole message', () => {
    const { logger, all } = captureLogger();
    const choices = choicesFor(
      [
        { label: '  ', payload: 'm' },
        { label: 'Один', payload: 'a:x.one' },
        { label: 'Ще раз', payload: 'a:x.one' },
        { label: 'Довгий', payload: 'x'.repeat(300) },
      ],
      logger,
    );
    expect(choices).toEqual({ kind: 'buttons', buttons: [{ id: 'a:x.one', title: 'Один' }] });
    expect(all()).toContain('dropped a button');
  });

  test('two reply buttons with the same title go in a list (WhatsApp wants unique titles)', () => {
    expect(choicesFor([{ label: 'Так', payload: 'a:x.one' }, { label: 'Так', payload: 'a:x.two' }])?.kind).toBe('list');
  });
});
