/**
 * Answers for the person's own municipality: told once ("я живу в Гаазі", "/place Utrecht", or a name
 * after the bot asked), kept in their state, shown under the answers that have a local part, and gone
 * with /forget. Local parts here are test text, so the assertions do not follow content edits.
 */
import { Assistant } from '../../src/assistant/assistant';
import { QuestionCache } from '../../src/assistant/question-cache';
import { loadShippedKnowledge } from './shipped';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { SearchIndex } from '../../src/search/search-index';
import type { UserState } from '../../src/assistant/user-state';
import type { Reply } from '../../src/messages';
import type { KnowledgeEntry } from '../../src/knowledge/schema';

const UTRECHT = 'GM0344';
const DEN_HAAG = 'GM0518';
const local = (city: string) => ({ uk: `Офіс ${city}-ТЕСТ`, ru: `Офис ${city}-ТЕСТ`, nl: `Kantoor ${city}-TEST`, en: `Office ${city}-TEST` });

let assistant: Assistant;
/** The knowledge as shipped, before the test's local parts are added. */
let shipped: KnowledgeBase;
beforeAll(async () => {
  const { knowledge, t } = await loadShippedKnowledge();
  shipped = knowledge;
  const withPlaces = knowledge.entries.map((e): KnowledgeEntry =>
    e.id === 'status.register'
      ? {
          ...e,
          places: {
            [UTRECHT]: { reviewed: '2026-12-01', sources: ['https://www.utrecht.nl/test'], answer: local('UTRECHT') },
            [DEN_HAAG]: { reviewed: '2026-12-01', sources: ['https://www.denhaag.nl/test'], answer: local('HAAG') },
          },
        }
      : e,
  );
  // One index for the file (the tests only read it; building one per message took most of their time), and
  // no question cache, so every message is read afresh as it was with an index of its own.
  const index = new SearchIndex(new KnowledgeBase(withPlaces, knowledge.municipalities));
  assistant = new Assistant(() => index, t, () => new Date('2026-12-03T12:00:00Z'), new QuestionCache({ capacity: 0 }));
});

function conversation(state: UserState, ...messages: Array<string | { payload: string }>): { replies: Reply[][]; state: UserState | null } {
  let current: UserState | null = state;
  const replies = messages.map((m) => {
    const r = assistant.handle({ channel: 'web', userKey: 'web:p', ...(typeof m === 'string' ? { text: m } : m) }, current ?? {});
    current = r.state;
    return r.replies;
  });
  return { replies, state: current };
}
const answer = (replies: Reply[]) => replies.find((r) => r.kind === 'answer')!;

describe('the same question from people in different municipalities', () => {
  const question = 'Як зареєструватися в муніципалітеті (BRP)?';

  it("a person in Utrecht gets Utrecht's office, one in Den Haag Den Haag's, one without a place the common answer", () => {
    const utrecht = answer(conversation({ greeted: true, place: UTRECHT }, question).replies[0]!);
    const haag = answer(conversation({ greeted: true, place: DEN_HAAG }, question).replies[0]!);
    const none = answer(conversation({ greeted: true }, question).replies[0]!);
    for (const r of [utrecht, haag, none]) expect(r.answerId).toBe('status.register');
    expect(utrecht.text).toContain('Офіс UTRECHT-ТЕСТ');
    expect(utrecht.text).toMatch(/📍 \*\*Утрехт \(перевірено/);
    expect(utrecht.text).not.toContain('HAAG-ТЕСТ');
    expect(utrecht.sources).toContain('https://www.utrecht.nl/test');
    expect(haag.text).toContain('Офіс HAAG-ТЕСТ');
    expect(haag.text).not.toContain('UTRECHT-ТЕСТ');
    expect(none.text).not.toMatch(/ТЕСТ|📍/);
    // Without a place, the answer offers to tell it; with one, it does not ask again.
    expect(none.buttons.map((b) => b.payload)).toContain('p');
    expect(utrecht.buttons.map((b) => b.payload)).not.toContain('p');
  });

  it('a municipality without a local part is named, and the answer says it is the common one', () => {
    const r = answer(conversation({ greeted: true, place: 'GM0363' }, question).replies[0]!);
    if (!r.text.includes('📍')) throw new Error(`expected a line about the municipality:\n${r.text}`);
    expect(r.text).toMatch(/Амстердам|Amsterdam/);
    expect(r.text).toMatch(/загальна відповідь/);
  });
});

describe('telling the bot where you live', () => {
  it.each([
    ['я живу в Гаазі', DEN_HAAG, 'uk'],
    ['Мы живём в Гааге', DEN_HAAG, 'ru'],
    ['ik woon in Den Haag', DEN_HAAG, 'nl'],
    ['I live in The Hague', DEN_HAAG, 'en'],
    ['/place Utrecht', UTRECHT, undefined],
    ['ми проживаємо в Утрехті', UTRECHT, 'uk'],
    // Words with й, ї or ё: the phrases are matched over text folded without those marks.
    ['мій муніципалітет Утрехт', UTRECHT, 'uk'],
    ['я переїхала в Утрехт', UTRECHT, 'uk'],
    ['мой муниципалитет Утрехт', UTRECHT, 'ru'],
  ] as const)('"%s" is remembered as the municipality, confirmed in the same language', (text, code, language) => {
    const { replies, state } = conversation({ greeted: true, lastLanguage: 'uk' }, text);
    expect(state?.place).toBe(code);
    expect(replies[0]![0]).toMatchObject({ kind: 'place' });
    if (language) expect(replies[0]![0]!.language).toBe(language);
  });

  it('a place told in the same message as a question answers the question with the local part', () => {
    const { replies, state } = conversation({ greeted: true }, 'Я живу в Утрехті. Де мені зареєструватися в BRP?');
    expect(state?.place).toBe(UTRECHT);
    expect(answer(replies[0]!).text).toContain('UTRECHT-ТЕСТ');
  });

  it('telling the place after an answer shows that answer again with the local part', () => {
    const { replies } = conversation({ greeted: true }, 'як зареєструватися в BRP', 'я живу в Гаазі');
    expect(replies[1]!.map((r) => r.kind)).toEqual(['place', 'answer']);
    expect(answer(replies[1]!).text).toContain('HAAG-ТЕСТ');
  });

  it('the button asks, and the next message is read as the place', () => {
    const { replies, state } = conversation({ greeted: true, lastLanguage: 'uk' }, { payload: 'p' }, 'Утрехт');
    expect(replies[0]![0]).toMatchObject({ kind: 'place', language: 'uk' });
    expect(state?.place).toBe(UTRECHT);
    expect(state?.askingPlace).toBeUndefined();
  });

  it('after the bot asked, a question instead of a place is answered as a question', () => {
    const { replies, state } = conversation({ greeted: true, lastLanguage: 'uk' }, { payload: 'p' }, 'як записатися до сімейного лікаря');
    expect(answer(replies[1]!).answerId).toBe('healthcare.gp');
    expect(state?.place).toBeUndefined();
  });

  it('an unknown municipality changes nothing and says how to write it', () => {
    const { replies, state } = conversation({ greeted: true, lastLanguage: 'en', place: UTRECHT }, '/place Atlantis');
    expect(replies[0]![0]!.text).toMatch(/do not know this municipality/);
    expect(state?.place).toBe(UTRECHT);
  });

  it('a place named in a question is used for that answer only, not remembered', () => {
    const { replies, state } = conversation({ greeted: true }, 'як зареєструватися в BRP у Гаазі?');
    expect(answer(replies[0]!).text).toContain('HAAG-ТЕСТ');
    expect(state?.place).toBeUndefined();
  });

  it('/forget removes the place', () => {
    const { state } = conversation({ greeted: true, place: UTRECHT }, '/forget');
    expect(state).toBeNull();
    const after = answer(conversation({}, 'як зареєструватися в BRP').replies[0]!);
    expect(after.text).not.toContain('ТЕСТ');
  });
});

describe('the counter card', () => {
  it('has the Dutch part for the clerk first and the person\'s language below, with their municipality', () => {
    const { replies } = conversation({ greeted: true, lastLanguage: 'uk', place: UTRECHT }, { payload: 'c:status.register' });
    const card = replies[0]![0]!;
    expect(card.kind).toBe('counter');
    const clerk = card.text.indexOf('Voor de medewerker aan de balie');
    const own = card.text.indexOf('Що тут написано — для вас');
    expect(clerk).toBe(2);
    expect(own).toBeGreaterThan(clerk);
    expect(card.text.slice(clerk, own)).toContain('Kantoor UTRECHT-TEST');
    expect(card.text.slice(own)).toContain('Офіс UTRECHT-ТЕСТ');
    expect(card.counterCard?.path).toBe(`/card/status.register?lang=uk&place=${UTRECHT}`);
  });

  it('for a person who reads Dutch, the card is Dutch only', () => {
    const { replies } = conversation({ greeted: true, lastLanguage: 'nl' }, { payload: 'c:healthcare.gp' });
    expect(replies[0]![0]!.text).not.toMatch(/для вас|for you/);
    expect(replies[0]![0]!.text).toMatch(/^\*\*Voor de medewerker aan de balie\*\*\n\n\*\*Ik wil/);
  });

  it('every answer offers it', () => {
    const r = answer(conversation({ greeted: true }, 'як записатися до сімейного лікаря').replies[0]!);
    expect(r.buttons.map((b) => b.payload)).toContain('c:healthcare.gp');
  });
});

describe('what ships', () => {
  it('registering has local parts for at least ten of the largest municipalities, each from an official https page', () => {
    const register = shipped.get('status.register')!;
    const codes = Object.keys(register.places ?? {});
    expect(codes.length).toBeGreaterThanOrEqual(10);
    for (const code of codes) {
      expect(shipped.municipalities.get(code)).toBeDefined();
      expect(register.places![code]!.sources.every((s) => s.startsWith('https://'))).toBe(true);
    }
    // Every Dutch municipality is known, so any place a person names is recognised.
    expect(shipped.municipalities.size).toBeGreaterThanOrEqual(340);
  });
});
