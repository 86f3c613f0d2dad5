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
});
