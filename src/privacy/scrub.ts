/**
 * Removes what identifies a person from a text before it is stored for volunteers: e-mail addresses,
 * IBANs, phone numbers, BSN-like and other long numbers, passport and document numbers, dates (of birth).
 * Errs on the side of removing: a question about "28 days" keeps its number, a 9-digit number does not.
 */

interface Rule {
  pattern: RegExp;
  replacement: string;
}

const RULES: readonly Rule[] = [
  // e-mail, also "name at domain dot nl" is rare enough to ignore
  { pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, replacement: '[e-mail]' },
  // URLs with query strings can carry tokens and ids
  { pattern: /\bhttps?:\/\/\S+/gi, replacement: '[link]' },
  // IBAN: 2 letters, 2 digits, 11–30 alphanumerics, often in groups of four
  { pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/gi, replacement: '[iban]' },
  // Passport / ID document numbers: 1–3 letters (Latin or Cyrillic) followed by 6–9 digits, e.g. FX123456, АА123456, NW1234567
  { pattern: /(?<![\p{L}\p{N}])[\p{L}]{1,3}[ -]?\d{6,9}(?![\p{L}\p{N}])/gu, replacement: '[document]' },
  // Dates like 01-02-1985, 1.2.85, 1985-02-01
  { pattern: /(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?!\d)/g, replacement: '[date]' },
  // Phone numbers: +31 6 12345678, 06-12345678, 0612345678, (020) 123 4567, +380 67 123 45 67, 0800-2000 kept below
  { pattern: /(?<![\p{L}\p{N}])(?:\+|00)\d{1,3}[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){2,5}\d{2,4}(?![\p{N}])/gu, replacement: '[phone]' },
  // An area code in brackets, with the Russian/Ukrainian trunk prefix 8 if any: (020) 123 4567, 8 (912) 345-67-89
  { pattern: /(?<![\p{L}\p{N}+])(?:8[\s-]?)?\(\d{2,5}\)[\s.-]?\d{2,4}(?:[\s.-]?\d{2,4}){1,3}(?![\p{N}])/gu, replacement: '[phone]' },
  { pattern: /(?<![\p{L}\p{N}+])0\(?\d{1,3}\)?(?:[\s.-]?\d){7,9}(?![\p{N}])/gu, replacement: '[phone]' },
  // Any remaining run of 7 or more digits (BSN is 9, V-number 10, bank and case numbers): spaces and dots inside allowed
  { pattern: /(?<![\p{N}])\d(?:[\s.-]?\d){6,}(?![\p{N}])/gu, replacement: '[number]' },
];

/** Public helplines in our own answers are not personal data; people quote them back to us. */
const KEEP = /^(?:0800[\s-]?\d{4}|0900[\s-]?\d{4}|112|113|0800[\s-]?0113)$/;

/** What every rule needs: a digit, an "@" or a link. Most messages have none, and are kept as they are. */
const MAY_IDENTIFY = /[0-9@]|https?:/i;

export function scrub(text: string): string {
  if (!MAY_IDENTIFY.test(text)) return text;
  let out = text;
  for (const { pattern, replacement } of RULES) {
    out = out.replace(pattern, (match) => (KEEP.test(match.trim()) ? match : replacement));
  }
  return out;
}
