/*
 * The browser's storage, wrapped so the page works without it.
 *  - sessionStorage holds what belongs to this tab's conversation (session.js): it disappears when the
 *    tab is closed, so on a shared phone or a library computer the next person does not continue
 *    someone else's conversation; a reload in the same tab keeps it.
 *  - localStorage holds the language the person explicitly picked (language-choice.js): a display
 *    preference, not tied to any conversation, that spares a stressed person choosing it again.
 * Both are optional: if storage is blocked (sandboxed or third-party iframe) values are kept in memory.
 */

function makeStorage(kind) {
  var memory = {};
  var store = null;
  try {
    store = window[kind];
    var probe = '__prykhystok_probe__';
    store.setItem(probe, '1');
    store.removeItem(probe);
  } catch {
    store = null;
  }
  return {
    get: function (key) {
      try {
        if (store) return store.getItem(key);
      } catch { /* fall through to memory */ }
      return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
    },
    /** False when the browser's storage refused the value (full); it is then kept in memory only. */
    set: function (key, value) {
      memory[key] = value;
      try {
        if (store) store.setItem(key, value);
        return true;
      } catch {
        return false;
      }
    },
    remove: function (key) {
      delete memory[key];
      try {
        if (store) store.removeItem(key);
      } catch { /* nothing stored to remove */ }
    }
  };
}

export const sessionStore = makeStorage('sessionStorage');
export const prefStore = makeStorage('localStorage');
