/*
 * What this tab keeps of the conversation, in sessionStorage (see storage.js for why): the server's
 * `session` token, and the conversation shown on the page (transcript.js), so a reload shows the
 * person their own conversation again. The transcript is never sent to the server; /forget empties
 * both.
 */
import { sessionStore } from './storage.js';

const SESSION_KEY = 'prykhystok.session';

export let session = sessionStore.get(SESSION_KEY) || null;
export const transcript = window.PrykhystokTranscript.create(sessionStore);

/** Keeps the session the server gave (a new one when the old one expired). */
export function adoptSession(value) {
  if (value && value.length <= 512 && value !== session) {
    session = value;
    sessionStore.set(SESSION_KEY, session);
  }
}

export function dropSession() {
  session = null;
  sessionStore.remove(SESSION_KEY);
}
