/*
 * The conversation shown on the chat page, kept so that a reload (or coming back from the privacy page)
 * shows the person their own conversation again.
 *
 * It lives in this tab's storage only (chat/session.js passes its sessionStorage wrapper): it is never
 * sent to the server, and it disappears with the tab, like the conversation's session. /forget empties
 * it.
 * Entries are what the page rendered: {who: 'user', text, lang}, {who: 'bot', reply} (the reply as the
 * server sent it) and {who: 'cleared'} (the line saying the conversation was deleted).
 */
(function () {
  'use strict';

  var KEY = 'prykhystok.transcript';
  // Enough for a long conversation; the oldest entries go first so storage never fills up.
  var MAX_ENTRIES = 120;

  function isEntry(entry) {
    if (!entry || typeof entry !== 'object') return false;
    if (entry.who === 'user') return typeof entry.text === 'string';
    if (entry.who === 'bot') return !!entry.reply && typeof entry.reply === 'object';
    return entry.who === 'cleared';
  }

  function create(store) {
    var entries = [];

    function save() {
      // A full storage quota must not break the chat: keep fewer entries, or none.
      while (entries.length) {
        if (store.set(KEY, JSON.stringify(entries))) return;
        entries = entries.slice(Math.ceil(entries.length / 2));
      }
      store.remove(KEY);
    }

    return {
      /** The stored entries (valid ones only); they become the start of the kept conversation. */
      load: function () {
        var parsed = null;
        try {
          parsed = JSON.parse(store.get(KEY) || '[]');
        } catch {
          parsed = null;
        }
        entries = Array.isArray(parsed) ? parsed.filter(isEntry).slice(-MAX_ENTRIES) : [];
        return entries.slice();
      },
      add: function (entry) {
        if (!isEntry(entry)) return;
        entries.push(entry);
        if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
        save();
      },
      clear: function () {
        entries = [];
        store.remove(KEY);
      }
    };
  }

  window.PrykhystokTranscript = { create: create };
})();
