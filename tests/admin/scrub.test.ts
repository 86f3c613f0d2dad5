/**
 * What reaches the volunteers' inbox is scrubbed of personal data: phone numbers, e-mail addresses, IBANs
 * and BSN-like numbers, as people write them in Ukrainian, Russian, Dutch and English messages.
 */
import { scrub } from '../../src/privacy/scrub';

const cases: Array<[string, string, string]> = [
  // [language, text, what must disappear]
  // Phone numbers
  ['uk', 'Мій номер +380 67 123 45 67, зателефонуйте', '123 45 67'],
  ['uk', 'телефон 067 123 45 67', '123 45 67'],
  ['uk', 'тел. 067-123-45-67 після обіду', '123-45-67'],
  ['uk', 'номер (067) 123-45-67', '123-45-67'],
  ['uk', 'дзвоніть 0671234567', '0671234567'],
  ['uk', 'вайбер +380671234567', '380671234567'],
  ['ru', 'Мой телефон +7 (912) 345-67-89', '345-67-89'],
  ['ru', 'звоните 8 (912) 345-67-89', '345-67-89'],
  ['ru', 'номер 8-912-345-67-89', '345-67-89'],
  ['ru', 'тел.+380501234567', '380501234567'],
  ['nl', 'Bel me op 06-12345678', '12345678'],
  ['nl', 'mijn nummer is 06 1234 5678', '1234 5678'],
  ['nl', 'telefoon: +31 6 12345678', '12345678'],
  ['nl', 'vast nummer (020) 123 4567', '123 4567'],
  ['nl', 'bel 020-1234567', '1234567'],
  ['nl', 'mijn mobiel 0031 6 1234 5678', '1234 5678'],
  ['en', 'call me at +31 (0)6 1234 5678', '1234 5678'],
  ['en', 'my number is +44 7911 123456', '123456'],
  ['en', 'whatsapp +380 (67) 123-45-67', '123-45-67'],
  // E-mail addresses
  ['uk', 'пишіть на olena.kovalenko@gmail.com будь ласка', 'olena.kovalenko@gmail.com'],
  ['ru', 'почта: ivan_petrov85@ukr.net', 'ivan_petrov85@ukr.net'],
  ['nl', 'mail naar j.de-vries+opvang@gemeente-utrecht.nl', 'j.de-vries+opvang@gemeente-utrecht.nl'],
  ['en', 'Email: Anna.Shevchenko@Outlook.COM.', 'Anna.Shevchenko@Outlook.COM'],
  ['uk', 'моя пошта олена@приклад.укр', 'олена@приклад.укр'],
  // IBANs
  ['nl', 'mijn rekening NL91 ABNA 0417 1643 00 is geblokkeerd', 'ABNA 0417 1643 00'],
  ['nl', 'IBAN: NL91ABNA0417164300', 'NL91ABNA0417164300'],
  ['en', 'iban nl91abna0417164300 please', 'nl91abna0417164300'],
  ['uk', 'мій рахунок UA21 3223 1300 0002 6007 2335 6600 1 у ПриватБанку', '3223 1300 0002 6007 2335 6600'],
  ['uk', 'рахунок UA213223130000026007233566001', 'UA213223130000026007233566001'],
  ['ru', 'счёт DE89 3704 0044 0532 0130 00', '3704 0044 0532 0130 00'],
  // BSN-like numbers (9 digits, also old 8-digit ones, with dots or spaces) and other ids
  ['nl', 'mijn BSN is 123456782', '123456782'],
  ['nl', 'BSN: 1234.56.782', '1234.56.782'],
  ['en', 'my bsn 123 456 782', '123 456 782'],
  ['uk', 'мій BSN 12345678 і V-номер 1234567890', '12345678'],
  ['uk', 'мій BSN 12345678 і V-номер 1234567890', '1234567890'],
  ['ru', 'мой бсн 123-456-782', '123-456-782'],
  ['uk', 'ІПН 3012345678', '3012345678'],
  ['uk', 'паспорт FX123456', 'FX123456'],
  ['ru', 'паспорт серии АА 123456', 'АА 123456'],
];

describe('scrubbing a question before it is stored', () => {
  test.each(cases)('%s: %s', (_language, text, secret) => {
    const out = scrub(text);
    expect(out).not.toContain(secret);
    // Nothing of the number survives in pieces either (at most 3 digits in a row may stay, e.g. "+7").
    const digits = secret.replace(/\D/g, '');
    if (digits.length >= 6) expect(out.replace(/\D/g, '')).not.toContain(digits.slice(-6));
  });

  test('the rest of the question stays readable', () => {
    expect(scrub('Bel me op 06-12345678 over de huisarts')).toBe('Bel me op [phone] over de huisarts');
    expect(scrub('пишіть на olena@gmail.com щодо житла')).toBe('пишіть на [e-mail] щодо житла');
    expect(scrub('mijn rekening NL91 ABNA 0417 1643 00 is geblokkeerd')).toBe('mijn rekening [iban] is geblokkeerd');
    // A bracketed area code goes with the number, not left behind as "(067)" or "8 (912)".
    expect(scrub('номер (067) 123-45-67')).toBe('номер [phone]');
    expect(scrub('звоните 8 (912) 345-67-89')).toBe('звоните [phone]');
    expect(scrub('vast nummer (020) 123 4567 thuis')).toBe('vast nummer [phone] thuis');
  });

  test.each([
    ['uk', 'Скільки коштує житло — 244 євро на місяць за 28 днів?'],
    ['ru', 'Можно уехать на 14 дней в 2025 году?'],
    ['nl', 'Krijg ik €244,22 per maand in 2026?'],
    ['en', 'Is 113 or 0800-0113 free? And 112?'],
    ['uk', 'Телефон Veilig Thuis 0800-2000 працює вночі?'],
    ['en', 'I am 35 years old with 3 children aged 4, 7 and 12'],
  ])('%s: keeps ordinary numbers and public helplines: %s', (_language, text) => {
    expect(scrub(text)).toBe(text);
  });
});
