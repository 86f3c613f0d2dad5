/*
 * The client of the chat API: POST /api/chat with the session, a timeout, and every failure turned
 * into a ChatError the error bar can explain. The session the server returns (also on errors) is kept.
 */
import { uiLanguage } from './labels.js';
import { adoptSession } from './session.js';

const API_CHAT = '/api/chat';
const REQUEST_TIMEOUT_MS = 25000;

/** `type` is 'network' (no answer) or 'http' (an error status, with the server's message if any). */
export function ChatError(type, status, message) {
  this.type = type;
  this.status = status || 0;
  this.message = message || '';
}

/** The server's reply ({replies, session}) to `body`, or a rejected ChatError. */
export function postChat(body) {
  var controller = typeof AbortController === 'function' ? new AbortController() : null;
  var timer = controller ? window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
  // ?language= only chooses the language of the server's error lines (e.g. 429) to match the page.
  return fetch(API_CHAT + '?language=' + encodeURIComponent(uiLanguage), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    signal: controller ? controller.signal : undefined
  })
    .then(
      function (res) {
        return res.text().then(function (raw) {
          var data = null;
          try {
            data = raw ? JSON.parse(raw) : null;
          } catch {
            /* not JSON: handled as an error below */
          }
          if (data && typeof data.session === 'string') adoptSession(data.session);
          if (!res.ok) {
            var message = data && typeof data.error === 'string' ? data.error.trim().slice(0, 500) : '';
            throw new ChatError('http', res.status, message);
          }
          if (!data || !Array.isArray(data.replies)) throw new ChatError('http', 502, '');
          return data;
        });
      },
      function () {
        throw new ChatError('network');
      }
    )
    .catch(function (err) {
      if (err instanceof ChatError) throw err;
      throw new ChatError('network');
    })
    .finally(function () {
      if (timer) window.clearTimeout(timer);
    });
}
