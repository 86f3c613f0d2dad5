/**
 * Everyday messages must not get a safety answer (a false alarm frightens and leaves the question
 * unanswered), while messages about danger still do — read through the whole assistant, in four languages.
 */
import { Assistant } from '../../src/assistant/assistant';
import { loadShipped } from './shipped';

let assistant: Assistant;
beforeAll(async () => {
  const { index, t } = await loadShipped();
  assistant = new Assistant(() => index, t);
});

const kinds = (text: string) => assistant.handle({ channel: 'web', userKey: 'web:t', text }, { greeted: true }).replies.map((r) => r.kind);

describe('thanks, in all its forms, is thanks', () => {
  it.each(['спасибо большое', 'большое спасибо', 'дуже дякую', 'bedankt voor alles', 'thank you for everything', 'thanks a lot'])('%s', (q) => {
    const replies = assistant.handle({ channel: 'web', userKey: 'web:t', text: q }, { greeted: true }).replies;
    expect(replies.map((r) => r.kind)).toEqual(['info']);
  });
});

describe('everyday questions get no safety answer', () => {
  it.each([
    'can I drive here with my ukrainian driving licence',
    'mag ik werken en moet ik belasting betalen',
    'my boss pays cash, do I need to pay tax',
    'I am tired of waiting for the IND',
    'хочу поменять работу, начальник строгий',
    // "випустять його" (will they let him out) is no "вип'є й" (drinks and …) beside a husband.
    'чоловік хоче до нас приїхати, йому 45, чи випустять його',
    // Afraid to go home because home is Ukraine at war: a spelling correction of "бомблять" must not hide that.
    'боюся повертатися додому, там бомблять',
  ])('%s', (q) => {
    expect(kinds(q)).not.toContain('safety');
  });
});

const first = (text: string) => assistant.handle({ channel: 'web', userKey: 'web:t', text }, { greeted: true }).replies[0];

/**
 * Messages that share words with danger — a child and "lost", a stroke, chest pain, a passport, "unpaid" —
 * but ask an everyday question. Each of these got a safety answer (call 112, or the exploitation help)
 * until the safety files learned what tells them apart; safety-check.test.ts holds the same words about
 * real danger, which must still be found.
 */
describe('everyday questions in the words of danger get no safety answer', () => {
  it.each([
    // a child's documents or things lost, not the child
    'lost my childs vaccination card from ukraine, what now',
    "I lost my son's passport, what do I do",
    'lost my daughters birth certificate',
    'mijn kind zijn paspoort kwijt',
    'ik ben het paspoort van mijn dochter kwijt',
    'paspoort van mijn kind kwijt, wat nu',
    'лист для доньки не прийшов',
    'для сына не пришли документы из школы',
    'у сина пропав апетит',
    'my daughter is missing school because of the bus',
    // care after a stroke, a heart attack or an operation
    'Моїй мамі 78, після інсульту вона пересувається тільки на візку. Нас поселили в опвангу на другому поверсі, ліфта немає. До кого нам звернутися?',
    'після інсульту тато потребує реабілітації, де знайти фізіотерапевта',
    'после инсульта мужу нужна реабилитация',
    'после инфаркта отцу нужна инвалидная коляска',
    'na een beroerte heeft mijn vader thuiszorg nodig',
    'na zijn hartaanval moet hij revalideren, wie betaalt de fysiotherapie',
    'after his heart attack he needs physiotherapy',
    "after a stroke my father can't speak properly, can we get a speech therapist",
    // a complaint that keeps coming back, a GP's referral
    'De huisarts zegt dat mijn man naar een cardioloog moet, omdat hij steeds pijn op de borst heeft bij het traplopen',
    'my husband always gets chest pain when climbing stairs, the GP referred him to a cardiologist',
    'у мужа всегда боль в груди при нагрузке, нужно направление к кардиологу',
    'у чоловіка завжди болить у грудях коли піднімається сходами, сімейний лікар дав направлення до кардіолога',
    'my son has had seizures since he was small, we need a neurologist',
    'ik ben altijd benauwd bij het traplopen, moet ik naar de huisarts',
    // speaking a language, a toddler who does not talk yet
    'мой сын не может говорить по-голландски, нужен переводчик в школе',
    'син не може говорити нідерландською, чи є класи',
    'mijn zoon van 2 kan nog niet praten, is dat normaal',
    // one's own passport
    'We arrived in Rotterdam two days ago. We all have passports. Everybody keeps talking about a BSN. What is the first official thing we have to do here?',
    'do I need to take my passport to the appointment',
    'I keep my passport at home, is that ok?',
    'mijn dochter heeft een paspoort, mijn zoon niet',
    'hij heeft geen paspoort, alleen een id-kaart',
    // asking about unpaid internships or a suspected scam
    'can I do an unpaid internship to get dutch work experience',
    'mag ik als vrijwilliger werken zonder loon, dat is toch niet betaald?',
    'mag ik een stage doen, die is niet betaald, gratis werken voor ervaring',
    'scam job offer asks me to pay for work permit first, is this fraud',
    // paid late or too little: a question about one's rights
    "My employer doesn't pay me properly",
    'роботодавець не платить зарплату вчасно, куди звернутися',
    // rent arrears, not a debt to work off
    'у мене борг за квартиру, що робити',
    'я должна за квартиру два месяца, что делать',
    'I have debt for the room rent, what do I do',
    // an office that does not answer, a stuffy room
    'IND не реагує на мої листи вже місяць',
    'de gemeente reageert niet op mijn mail',
    'the landlord is not responding to my emails',
    'в опванге холодно и грязно, уже месяц пишем администрации и никто не реагирует. куда жаловаться?',
    // money for the train to school
    'Krijgen we geld voor de trein naar school?',
    // frying is no fire
    'как пожарить kroket дома',
    // a doctor tonight, "but not 112"
    'kuda zvonit vecherom esli nuzhen vrach, no ne 112',
    'потрібен лікар ввечері, але не 112',
    'I need a doctor tonight, not 112',
    'ми скаржились вже тричі, ніхто не реагує',
    'het is benauwd in de kamer, mag ik een ventilator',
    // a court, a bed, a blood test, a dose, a dragon
    'чи визнається розлучення, оформлене судом в Україні',
    'нужна кровать для ребенка, нас много в комнате',
    'здала аналіз крові, сильно хвилююсь за результат',
    'дитина випила ліки від температури, скільки можна давати',
    'мой сын выпил таблетку от аллергии, можно ли ему ещё',
    'I took my child to the doctor and got tablets, are they free',
    'мультфильм про дракона на голландском',
    // losing a job, a bank account, a pounding heart, no progress, debts
    'can my boss fire me for being sick? need help',
    "I'm trying to open a bank account",
    'trying to get in touch with the IND',
    'mijn hart bonst als ik aan de IND denk',
    'de buren bonzen op de muur',
    'mag iemand in de kamer logeren',
    'het schiet niet op met de IND',
    'залізли в борги, як отримати допомогу',
    // Ukraine at war is home too
    "I'm afraid to go home to Ukraine because of the war",
    // a debt with a collection agency, "must pay" for the shelter, an allowance not paid, a cut while cooking
    'приходять листи від incassobureau, сума боргу весь час росте',
    'почему я должна платить за жильё в опванге, если я работаю',
    'нам не заплатили гроші за цей місяць, що робити',
    'I cut myself while cooking, do I need a doctor',
    // a debt to a phone company is not a phone taken; money for the children, not wages
    'De man die bij ons logeert heeft schulden bij zijn telefoonabonnement en de energieleverancier. Waar kan hij terecht?',
    'грошей не дають на дітей, що робити',
  ])('%s', (q) => {
    expect(kinds(q)).not.toContain('safety');
  });

  it.each([
    ['after his heart attack he needs physiotherapy', 'healthcare.physiotherapy'],
    ['после инсульта мужу нужна реабилитация', 'healthcare.physiotherapy'],
    ['can I do an unpaid internship to get dutch work experience', 'work.internship'],
    ['I was offered an unpaid internship, is it allowed to work for free', 'work.internship'],
  ])('%s gets its own answer', (q, id) => {
    expect(first(q)).toMatchObject({ kind: 'answer', answerId: id });
  });
});

describe('danger still gets its safety answer first', () => {
  it.each([
    ['я більше не хочу жити', 'safety.crisis'],
    ['спасибо за всё, прощайте, больше не хочу жить', 'safety.crisis'],
    ['thank you for everything, I wont be here tomorrow', 'safety.crisis'],
    ['mijn man slaat me', 'safety.domestic-violence'],
    ['the boss took our passports and does not pay', 'safety.exploitation'],
    ['I lost my child in the station', 'safety.emergency'],
    ['мама впала, інсульт, не може говорити', 'safety.emergency'],
    ["my boss doesn't pay me and took my passport", 'safety.exploitation'],
    // someone else at risk, self-harm, violence told in the passive, wages unpaid
    ['my guest told me tonight she wants to kill herself, what do I do', 'safety.crisis'],
    ['i cut myself again tonight', 'safety.crisis'],
    ['ik denk dat hij zichzelf iets wil aandoen', 'safety.crisis'],
    ['Ik vermoed dat de vrouw van onze gast door hem geslagen wordt', 'safety.domestic-violence'],
    ['роботодавець не заплатив гроші за два місяці', 'safety.exploitation'],
    ['я должна ему 500 евро за дорогу и отрабатываю', 'safety.exploitation'],
    // the verb last in a Dutch clause; the money named before "not given"
    ['Mijn gast zei vanavond dat ze een einde aan haar leven wil maken. Wat moet ik doen?', 'safety.crisis'],
    ['на фермі працюємо по 14 годин, грошей не дають, погрожують', 'safety.exploitation'],
  ])('%s', (q, id) => {
    expect(first(q)).toMatchObject({ kind: 'safety', answerId: id });
  });
});
