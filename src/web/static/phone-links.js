/*
 * Finds the phone numbers in an answer's text, so the web chat can make them tappable (tel: links):
 * a person in crisis on a phone should not have to copy "0800-0113" by hand. Messengers show answers
 * as plain text and make numbers tappable themselves, so this is the web page's job only.
 *
 * Only what is surely a phone number is linked; a date, an amount, a year, a postcode or a number in a
 * web address never is:
 *  - the Dutch short numbers 112 (emergency), 113 (suicide prevention) and 144 (animals in need);
 *  - Dutch numbers starting with 0: ten digits ("088 043 04 30", "020-300 7000"), or 0800 / 0900
 *    numbers of eight or eleven digits ("0800-0113", "0900-8020", "0800-33 55555");
 *  - international numbers starting with + ("+31 20 300 7000", "+31 (0)88 043 0470").
 * Digits may be grouped by single spaces or hyphens, never by dots, slashes or colons (dates, times).
 */
(function () {
  'use strict';

  var SHORT_NUMBERS = ['112', '113', '144'];
  // Greedy on purpose: a candidate that is too long loses trailing groups until it fits (see valid()).
  var CANDIDATE = /\+\d(?:[ -]?(?:\(0\)[ -]?)?\d){6,16}|0(?:[ -]?\d){6,12}|1\d\d/g;
  // Part of a word, a number, an amount or an address when right before the candidate.
  var BEFORE = /[\p{L}\p{N}_+\-.,/€$£#@:=]/u;
  // Right after: the candidate goes on as a word, number, decimal, percentage, web address or range.
  var AFTER = /^(?:[\p{L}\p{N}_%/@€]|[.,:\-–][\p{L}\p{N}]|\s?(?:€|euro\b|eur\b))/iu;
  var DATE = /^\d{1,2}[ -]\d{1,2}[ -]\d{2,4}$/;

  /** The number to dial ("+3188…", "08000113") if `text` is a whole phone number, else null. */
  function dialable(text) {
    if (DATE.test(text)) return null;
    var international = text.charAt(0) === '+';
    var digits = text.replace(/\(0\)/g, '').replace(/\D/g, '');
    if (international) return digits.length >= 8 && digits.length <= 15 ? '+' + digits : null;
    if (digits.length === 3) return SHORT_NUMBERS.indexOf(digits) !== -1 ? digits : null;
    if (/^0[89]0/.test(digits)) return digits.length === 8 || digits.length === 11 ? digits : null;
    return digits.length === 10 ? digits : null;
  }

  /** The longest start of a greedy candidate that is a phone number, dropping whole trailing groups. */
  function fit(candidate) {
    var text = candidate;
    for (;;) {
      var tel = dialable(text);
      if (tel) return { text: text, tel: tel };
      var cut = Math.max(text.lastIndexOf(' '), text.lastIndexOf('-'));
      if (cut <= 0) return null;
      text = text.slice(0, cut);
    }
  }

  /** `text` as parts: {text} for plain text, {text, tel} for a phone number. */
  function split(text) {
    var parts = [];
    var last = 0;
    var match;
    CANDIDATE.lastIndex = 0;
    while ((match = CANDIDATE.exec(text))) {
      var start = match.index;
      var found = start > 0 && BEFORE.test(text.charAt(start - 1)) ? null : fit(match[0]);
      if (found && AFTER.test(text.slice(start + found.text.length))) found = null;
      if (!found) {
        // Not a number to link: go on right after its first character, so a number inside it is not missed.
        CANDIDATE.lastIndex = start + 1;
        continue;
      }
      if (start > last) parts.push({ text: text.slice(last, start) });
      parts.push(found);
      last = start + found.text.length;
      CANDIDATE.lastIndex = last;
    }
    if (last < text.length) parts.push({ text: text.slice(last) });
    return parts;
  }

  window.PrykhystokPhones = { split: split };
})();
