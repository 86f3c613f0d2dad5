/**
 * The safety check on its own, before any search: indirect wording in each language is recognised, and
 * the same words used about something else are not.
 */
import { assessSafety, safetyEntryFor } from '../../src/assistant/safety';
import { normalise } from '../../src/search/normalise';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import path from 'node:path';

let index: SearchIndex;
beforeAll(async () => {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
  index = new SearchIndex(knowledge!);
});

const check = (text: string) => safetyEntryFor([normalise(text)]);

describe('the safety check', () => {
  it.each([
    ['коли він випʼє, я ховаю дітей у ванній', 'safety.domestic-violence'],
    ['муж отобрал телефон и не выпускает меня из квартиры', 'safety.domestic-violence'],
    ['mijn ex staat elke avond voor de deur en bedreigt me', 'safety.domestic-violence'],
    ['my boyfriend says he will kill me if I leave', 'safety.domestic-violence'],
    ['працюємо по 14 годин, платять готівкою і то не завжди', 'safety.exploitation'],
    ['работодатель держит наши паспорта у себя', 'safety.exploitation'],
    ['de baas zegt dat we eerst de schuld voor de reis moeten afwerken', 'safety.exploitation'],
    ['the landlord says I can skip the rent if I sleep with him', 'safety.exploitation'],
    ['не хочу більше прокидатися', 'safety.crisis'],
  ])('recognises %j', (text, id) => {
    expect(check(text)).toBe(id);
  });

  // The words that everyday questions share with danger (false-alarms.test.ts) still find danger here.
  it.each([
    // a child lost, not a child's passport
    ['I lost my child in the station', 'safety.emergency'],
    ['I lost my son at the market, his phone is off', 'safety.emergency'],
    ['we lost our daughter at the festival', 'safety.emergency'],
    ['ik ben mijn zoontje kwijt in de supermarkt', 'safety.emergency'],
    ['we zijn onze zoon kwijt, zijn telefoon staat uit', 'safety.emergency'],
    ['mijn dochter is kwijt op het station', 'safety.emergency'],
    ['загубила дитину в торговому центрі', 'safety.emergency'],
    ['не можу знайти доньку, телефон вимкнений', 'safety.emergency'],
    ['потеряла сына на вокзале', 'safety.emergency'],
    ['сын не пришел домой, уже ночь', 'safety.emergency'],
    // a stroke or a heart attack now
    ['мама впала, інсульт, не може говорити', 'safety.emergency'],
    ['мама раптом не може говорити і рука не рухається', 'safety.emergency'],
    ['mijn vader heeft een beroerte, hij kan niet meer praten', 'safety.emergency'],
    ['my father had a stroke last year and now his face is drooping again', 'safety.emergency'],
    ['I think he is having a heart attack', 'safety.emergency'],
    ['у тата інфаркт', 'safety.emergency'],
    ['he has chest pain again, worse than ever, sweating', 'safety.emergency'],
    ['у мужа сильная боль в груди, он потеет', 'safety.emergency'],
    ['у сина судоми', 'safety.emergency'],
    ['мама не реагує і не прокидається', 'safety.emergency'],
    ['mijn man reageert niet meer', 'safety.emergency'],
    ['mijn baby ademt raar en is benauwd', 'safety.emergency'],
    ['у сына много крови из носа, не останавливается', 'safety.emergency'],
    // pills swallowed, even when the message asks about a dose
    ['дитина випила таблетки бабусі', 'safety.emergency'],
    ['ребёнок выпил целую упаковку таблеток, можно ли ему ещё что-то дать', 'safety.emergency'],
    ['my toddler ate pills from the drawer', 'safety.emergency'],
    // a fire, a break-in, shots, a fight
    ['there is a fire in our kitchen, help', 'safety.emergency'],
    ['someone is trying to open our door at night', 'safety.emergency'],
    ['er bonst iemand op de deur en probeert binnen te komen', 'safety.emergency'],
    ['залізли в квартиру поки нас не було', 'safety.emergency'],
    ['er wordt geschoten in de straat', 'safety.emergency'],
    ['драка во дворе, человек лежит', 'safety.emergency'],
    // passports kept by someone else, wages withheld, debts
    ["my boss doesn't pay me and took my passport", 'safety.exploitation'],
    ['they have our passports and we can\'t leave', 'safety.exploitation'],
    ['de baas heeft onze paspoorten en betaalt niet', 'safety.exploitation'],
    ['my employer still has my passport and won\'t give it back', 'safety.exploitation'],
    ['we had to give them our passports when we arrived at the farm', 'safety.exploitation'],
    ['they call it an unpaid internship but I work 12 hours a day in the greenhouse', 'safety.exploitation'],
    ['мне не платят зарплату уже два месяца', 'safety.exploitation'],
    ["my boss doesn't pay me", 'safety.exploitation'],
    ['роботодавець не платить мені зарплату', 'safety.exploitation'],
    ['I paid 500 euro to the agency for the job, now they don\'t pay me', 'safety.exploitation'],
    ['we owe the agency for housing and transport, they deduct it from our wages', 'safety.exploitation'],
    ['I owe the agency for the room and they deduct it from my pay', 'safety.exploitation'],
    // afraid to go home because of him
    ['боюся повертатися додому, чоловік знову пʼяний', 'safety.domestic-violence'],
    ["I'm afraid to go home, my husband will be angry", 'safety.domestic-violence'],
    ['ik durf niet naar huis, hij is weer boos', 'safety.domestic-violence'],
    // the apostrophe typed as a soft sign, as on a Russian keyboard
    ['чоловік мене бьє', 'safety.domestic-violence'],
    // unconscious, even with "не реагує" that an office's silence also uses
    ['мама не реагирует, лежит на полу', 'safety.emergency'],
    // 112 with a "not" elsewhere in the message is still a call for help
    ['he is not breathing, call 112', 'safety.emergency'],
    ['пожар в опванге', 'safety.emergency'],
    ['ik wil voor de trein springen', 'safety.crisis'],
    ['ik ga voor de trein liggen', 'safety.crisis'],
    ['у сусідів пожежа, дим', 'safety.emergency'],
  ])('still recognises %j', (text, id) => {
    expect(check(text)).toBe(id);
  });

  it('prefers the crisis answer when a message is about violence and about wanting to die', () => {
    expect(check('чоловік знову мене побив, я більше не хочу жити')).toBe('safety.crisis');
  });

  it.each([
    'я загубила паспорт, що робити',
    'my boss keeps asking me to work overtime, is that allowed?',
    'de huisbaas wil de huur verhogen',
    'we need a blood test for the baby',
    'як отримати копію документів з IND',
  ])('leaves %j to the search', (text) => {
    expect(check(text)).toBeUndefined();
  });

  it('says which signs it found, so a volunteer can see why', () => {
    const found = assessSafety([normalise('роботодавець забрав мій паспорт')]);
    expect(found.id).toBe('safety.exploitation');
    expect(found.evidence['safety.exploitation']!.signs.length).toBeGreaterThan(0);
  });

  it('reads a message typed on the wrong keyboard layout (муж меня бьет on a Latin keyboard)', () => {
    expect(check('ve; vtyz ,mtn')).toBeUndefined();
    const { resolution } = resolveQuestion(index, 've; vtyz ,mtn');
    expect(answeredId(resolution)).toBe('safety.domestic-violence');
  });

  it('reads Latin letters as Ukrainian and as Russian both, whichever way the known words lean', () => {
    // Search reads this as Russian ("лива рука нимиые"); the numb left arm is Ukrainian.
    const q = 'u cholovika bolyt v hrudyah i liva ruka nimiye';
    expect(resolveQuestion(index, q)).toMatchObject({ resolution: { kind: 'safety', id: 'safety.emergency' } });
    expect(index.transliterations(q)).toEqual([expect.stringContaining('ліва рука німіє'), expect.stringContaining('лива рука нимиые')]);
  });
});
