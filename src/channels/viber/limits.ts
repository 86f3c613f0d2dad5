/** Viber's limits for what we send, in one place (and the few of our own that keep within them). */
export const VIBER_LIMITS = Object.freeze({
  /** Characters of a text message. */
  messageLength: 7000,
  /**
   * A whole send_message request may be 30 KB; the text gets at most this much of it as JSON, which
   * leaves room for the keyboard. Plain Cyrillic (2 bytes a character) still fits 7000 characters.
   */
  messageJsonBytes: 16 * 1024,
  /** A button's Text: Viber allows 250 characters and crops what does not fit the button with "…". */
  buttonTextLength: 120,
  /** Ours, not Viber's (which documents none): payloads.ts keeps payloads within 64 bytes. */
  actionBodyBytes: 64,
  /** Viber's FAQ: a keyboard shows up to 12 rows in portrait mode. */
  keyboardRows: 12,
  /** The keyboard grid is 6 columns wide. */
  columns: 6,
});

/** Every keyboard field we use exists since API level 1; `Silent` needs Viber 6.7+, older apps ignore it. */
export const KEYBOARD_MIN_API_VERSION = 1;
