/**
 * How people really write, one situation per block. Each expectation is what a person would notice:
 * the entry they get and the language of the answer.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';

let index: SearchIndex;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
});

const ask = (q: string) => {
  const r = resolveQuestion(index, q);
  return { id: answeredId(r.resolution), language: r.language, kind: r.resolution.kind, ranked: r.search.ranked.map((e) => e.id) };
};

describe('asks in plain words', () => {
  it.each([
    ['Як записатися до сімейного лікаря?', 'healthcare.gp', 'uk'],
    ['Как записаться к семейному врачу?', 'healthcare.gp', 'ru'],
    ['Hoe vind ik een huisarts?', 'healthcare.gp', 'nl'],
    ['How do I register with a GP?', 'healthcare.gp', 'en'],
    ['Скільки leefgeld я отримую?', 'aid.living-allowance', 'uk'],
    ['мене звільнили з роботи, що тепер з leefgeld', 'aid.when-working', 'uk'],
    ['ik ben mijn baan kwijt, krijg ik weer leefgeld?', 'aid.when-working', 'nl'],
    ['krijg ik nog geld als ik werk', 'aid.when-working', 'nl'], // once the exploitation safety answer
    ['where can i sleep tonight', 'shelter.find', 'en'],
  ])('%s', (q, id, language) => {
    expect(ask(q)).toMatchObject({ id, language });
  });
});

describe('writes Ukrainian or Russian in Latin letters', () => {
  it('finds the register entry for "de vzyaty bsn" and answers in Ukrainian', () => {
    const r = ask('de vzyaty bsn');
    expect(r.ranked[0]).toBe('status.register');
    expect(r.language).toBe('uk');
  });
  it('answers Russian written in Latin letters in Russian', () => {
    expect(ask('kak poluchit leefgeld').language).toBe('ru');
  });
  it.each([
    ['ne chochu bilshe zhyty', 'safety.crisis'],
    ['chochu pereichaty v inshe misto', 'shelter.moving'],
    ['chy mozhna pratsiuvaty', 'work.permission'],
  ])('reads "ch" as х where ч makes no word, and as ч where it does: %s', (q, id) => {
    expect(ask(q).id).toBe(id);
  });
});

describe('types on the wrong keyboard layout', () => {
  it('reads Ukrainian typed with the English layout active', () => {
    // "де знайти сімейного лікаря" typed on a QWERTY layout
    const r = ask('lt pyfqnb cssvtqyjuj ksrfhz');
    expect(r.ranked[0]).toBe('healthcare.gp');
    expect(r.language).toBe('uk');
  });
  it('reads Dutch typed with the Russian layout active', () => {
    expect(ask('рщу мштв шл уут ргшыфкеы').ranked[0]).toBe('healthcare.gp');
  });
  it.each([
    // "кто имеет право" and "де відкрити" typed before the layout was switched
    ['rnj bvttn ghfdj на временную защиту', 'status.what-is', 'ru'],
    ['lt dslrhbnb рахунок у банку без біометрики', 'aid.bank-account', 'uk'],
  ])('reads a message whose layout was switched halfway: %s', (q, id, language) => {
    expect(ask(q)).toMatchObject({ id, language });
  });
  it('keeps a known word typed in the other script as it is', () => {
    expect(ask('де отримати bsn')).toMatchObject({ id: 'status.register', language: 'uk' });
  });
});

describe('tells Ukrainian from Russian in short messages', () => {
  it.each([
    ['де лікар', 'uk'],
    ['где врач', 'ru'],
    ['що таке BSN', 'uk'],
    ['что такое BSN', 'ru'],
    ['мені потрібен притулок', 'uk'],
    ['мне нужно жилье', 'ru'],
  ])('%s → %s', (q, language) => expect(ask(q).language).toBe(language));
});

describe('asks something we do not cover', () => {
  it.each(['weather in Amsterdam tomorrow', 'рецепт борщу з пампушками', 'asdf', 'кто выиграл чемпионат мира по футболу', 'beste pizza in Utrecht'])(
    'gets no answer for "%s"',
    (q) => expect(ask(q).id).toBeNull(),
  );
});

describe('writes about violence, exploitation or suicide', () => {
  it.each([
    ['не хочу більше жити', 'safety.crisis'],
    ['я не бачу сенсу жити далі', 'safety.crisis'],
    ['мне не хочется больше жить', 'safety.crisis'],
    ['ik wil niet meer leven', 'safety.crisis'],
    ['I want to end my life', 'safety.crisis'],
    ['чоловік знову мене вдарив', 'safety.domestic-violence'],
    ['муж бьет меня', 'safety.domestic-violence'],
    ['mijn man slaat mij', 'safety.domestic-violence'],
    ['my partner hits me', 'safety.domestic-violence'],
    ['роботодавець забрав мій паспорт', 'safety.exploitation'],
    ['работодатель не отдает паспорт', 'safety.exploitation'],
    ['mijn werkgever houdt mijn paspoort', 'safety.exploitation'],
    ['they took my passport and I work for free', 'safety.exploitation'],
  ])('"%s" gets %s', (q, id) => {
    expect(ask(q)).toMatchObject({ id, kind: 'safety' });
  });

  it('does not treat an ordinary question as a safety message', () => {
    for (const q of ['як зареєструватися в gemeente', 'how much is the living allowance', 'waar kan ik Nederlandse les volgen']) {
      expect(ask(q).kind).not.toBe('safety');
    }
  });
});

describe('asks for housing in few words', () => {
  // "житло" (housing) and "жити" (to live) once shared a stem, and "потрібне житло" got the crisis answer.
  it.each(['потрібне житло', 'шукаю житла', 'нам потрібне житло терміново'])('%s: offered shelter, not a crisis line', (q) => {
    const r = ask(q);
    expect(r.kind).not.toBe('safety');
    expect(r.ranked[0]).toBe('shelter.find');
  });

  it('still gives the crisis answer to "не хочу більше жити"', () => {
    expect(ask('не хочу більше жити')).toMatchObject({ kind: 'safety', id: 'safety.crisis' });
  });
});

describe('asks how quickly or how soon', () => {
  // "швидко" / "скоро" (quickly, soon) once shared a stem with "швидка" / "скорая" (the ambulance).
  it.each([
    ['як швидко отримати bsn', 'status.register'],
    ['yak otrymaty bsn shvydko', 'status.register'],
    ['как скоро дадут bsn', 'status.register'],
    ['як швидко знайти роботу', 'work.find-job'],
  ])('%s: the answer, not the emergency numbers', (q, id) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id });
  });

  it('"чи швидко дають житло" (no phrasing says it): about housing, not an ambulance', () => {
    const r = ask('чи швидко дають житло');
    expect(r.kind).not.toBe('safety');
    expect(r.ranked[0]).toBe('shelter.find');
  });

  it.each(['викликати швидку', 'вызвать скорую', 'нужна скорая'])('%s: still the emergency answer', (q) => {
    expect(ask(q)).toMatchObject({ kind: 'safety', id: 'safety.emergency' });
  });
});

describe('needs a doctor, or is one', () => {
  it.each(['need a doctor', 'doctor', 'urgent need a doctor', 'мені потрібен лікар', 'мне нужен врач', 'ik heb een dokter nodig'])(
    '%s: a health entry first, not diploma recognition',
    (q) => {
      expect(ask(q).ranked[0]).toMatch(/^healthcare\./);
    },
  );

  it.each(['can i work as a doctor', 'я лікар, чи можу працювати за фахом', 'ik ben arts, mag ik hier werken'])('%s: diploma recognition', (q) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id: 'work.diploma' });
  });

  it.each(['де взяти гроши', 'где взять деньги'])('%s: "where to get" is not a topic, money is', (q) => {
    expect(ask(q).ranked[0]).toBe('aid.living-allowance');
  });

  it('"терміново потрібен bsn": urgency words do not hide what the question is about', () => {
    expect(ask('терміново потрібен bsn')).toMatchObject({ kind: 'answer', id: 'status.register' });
  });
});

describe('asks where to live', () => {
  // The crisis keyword "не хочу жити" lost its function words and ranked as if it were the keyword "жити".
  it.each(['де жити', 'где жить', 'де нам тепер жити'])('%s: housing, not a crisis line', (q) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id: 'shelter.find' });
  });

  it.each(['втомилася жити', 'немає сил жити', 'не хочу больше жить'])('%s: still the crisis answer', (q) => {
    expect(ask(q)).toMatchObject({ kind: 'safety', id: 'safety.crisis' });
  });
});

describe('asks about travelling', () => {
  it.each([
    ['mag ik naar oekraïne reizen', 'travel.visit-ukraine'],
    ['can i travel to ukraine', 'travel.visit-ukraine'],
    ['mag ik op vakantie naar spanje', 'travel.other-eu'],
  ])('%s', (q, id) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id });
  });

  it('"travel" alone: asks which trip is meant', () => {
    const r = ask('travel');
    expect(r.kind).toBe('suggest');
    expect(r.ranked.slice(0, 2).sort()).toEqual(['travel.other-eu', 'travel.visit-ukraine']);
  });
});

describe('a trip there and back is not leaving for good', () => {
  it.each([
    ['can I travel to Ukraine and come back', 'en'],
    ['kan ik naar oekraine en terug', 'nl'],
    ['чи можна поїхати в Україну і повернутися', 'uk'],
    ['можно ли съездить в Украину и вернуться', 'ru'],
  ])('%s → the visit answer', (q, language) => {
    expect(ask(q)).toMatchObject({ id: 'travel.visit-ukraine', language });
  });
  it.each(['ik wil voorgoed terug naar oekraine', 'I want to go back to Ukraine for good'])('%s → the return answer', (q) => {
    expect(ask(q).id).toBe('travel.return-home');
  });
});

describe('asks until when, or how long', () => {
  it.each([
    ['до коли тимчасовий захист', 'uk'],
    ['do koly tymchasovyi zakhyst', 'uk'],
    ['до коли діє захист', 'uk'],
    ['до когда защита', 'ru'],
    ['tot wanneer bescherming', 'nl'],
    ['till when is temporary protection', 'en'],
    ['how much longer can we stay', 'en'],
  ])('%s → until when protection lasts, not what it is', (q, language) => {
    expect(ask(q)).toMatchObject({ id: 'status.valid-until', language });
  });
  it.each([
    ['до коли платять leefgeld', 'aid.living-allowance'],
    ['до каких пор платят leefgeld', 'aid.living-allowance'],
    ['until when do I get leefgeld', 'aid.living-allowance'],
    ['tot wanneer is mijn oekraiens rijbewijs geldig', 'travel.driving-licence'],
    ['до якого числа подати декларацію', 'aid.taxes'],
    ['tot wanneer kan ik kinderopvangtoeslag aanvragen', 'aid.childcare-allowance'],
  ])('%s → the entry it names, not the end of protection', (q, id) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id });
  });
  it.each(['до коли?', 'until when?', 'hoe lang?'])('"%s" alone names nothing to answer about', (q) => {
    expect(ask(q).kind).not.toBe('answer');
  });
});

describe('a word an entry names only in passing', () => {
  it('"hoe werkt de ov-chipkaart" is not answered with school transport, which names the card once', () => {
    const r = ask('hoe werkt de ov-chipkaart');
    expect(r.id).toBeNull();
  });
  it.each([
    ['leerlingenvervoer aanvragen', 'school.transport'],
    ['Heb ik recht op kinderopvangtoeslag?', 'aid.childcare-allowance'],
    ['Hoe ga ik scheiden?', 'family.marriage-divorce'],
  ])('%s: one word explained, and it is what the entry is about', (q, id) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id });
  });
});

describe('the number is in the words', () => {
  it.each(['hoe krijg ik een BSN nummer', 'hoe krijg ik een bsn', 'how do I get a BSN number'])('%s → registration', (q) => {
    expect(ask(q).id).toBe('status.register');
  });
});

describe('one word alone', () => {
  it.each(['BODY', 'funeral', 'replied text'])('"%s" gets no confident answer', (q) => {
    expect(ask(q).kind).not.toBe('answer');
  });
  it.each([
    ['huisarts', 'healthcare.gp'],
    ['bsn', 'status.register'],
    ['leefgeld', 'aid.living-allowance'],
    ['digid', 'status.digid'],
  ])('"%s", a term people use in every language, is answered', (q, id) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id });
  });
  it('"BODY" is not read as Ukrainian', () => {
    expect(ask('BODY').language).not.toBe('uk');
  });
});

describe('writes in chat shorthand', () => {
  it.each([
    ['разрешение на работу нужно? спс', 'work.permission'],
    ['hoe zit t met mijn leefgeld als ik ga werken, pls', 'aid.when-working'],
  ])('%s: "спс", "t", "pls" are no unknown words that make a clear question unclear', (q, id) => {
    expect(ask(q).id).toBe(id);
  });
});

describe('talks as people talk: fillers and a polite opening', () => {
  it.each([
    ['шо таке тимчасовий захист взагалі', 'status.what-is', 'uk'],
    ['временная защита это что вообще', 'status.what-is', 'ru'],
    ['вибачте а що взагалі дає тимчасовий захист які в мене права тут', 'status.what-is', 'uk'],
    ['ну вот у меня прием в хемейнте в пятницу а я не говорю по голландски можно ли попросить переводчика на русский', 'contact.interpreter', 'ru'],
    ['waar kan je je beklag doen over de gemeente, ze doen gewoon niks', 'contact.complaint', 'nl'],
  ])('%s is answered, not only offered', (q, id, language) => {
    expect(ask(q)).toMatchObject({ kind: 'answer', id, language });
  });
});
