/**
 * Button payloads: short, ASCII, at most 64 bytes (Telegram's callback_data limit), parsed back with
 * validation because they come from the outside like any text.
 */
import { isLanguage, type Language } from '../knowledge/languages';
import { ENTRY_ID } from '../knowledge/schema';

export const MENU_TOPICS = ['documents', 'housing', 'money', 'health', 'work', 'school', 'travel', 'family', 'safety', 'human'] as const;
export type MenuTopic = (typeof MENU_TOPICS)[number];

export type Action =
  | { type: 'entry'; id: string }
  | { type: 'menu' }
  | { type: 'topic'; topic: MenuTopic }
  | { type: 'language'; language: Language }
  | { type: 'choose-language' }
  | { type: 'feedback'; id: string; helpful: boolean }
  | { type: 'forget' }
  | { type: 'privacy' }
  /** "Show at the counter": the entry's card, Dutch on top and the person's language below. */
  | { type: 'counter'; id: string }
  /** "Your municipality": asks where the person lives, for local parts of answers. */
  | { type: 'place' };

export const MAX_PAYLOAD_BYTES = 64;

export function encodeAction(action: Action): string {
  switch (action.type) {
    case 'entry':
      return `a:${action.id}`;
    case 'menu':
      return 'm';
    case 'topic':
      return `t:${action.topic}`;
    case 'language':
      return `l:${action.language}`;
    case 'choose-language':
      return 'l';
    case 'feedback':
      return `f:${action.helpful ? '+' : '-'}:${action.id}`;
    case 'forget':
      return 'forget';
    case 'privacy':
      return 'privacy';
    case 'counter':
      return `c:${action.id}`;
    case 'place':
      return 'p';
  }
}

export function decodeAction(payload: string): Action | undefined {
  if (typeof payload !== 'string' || payload.length === 0 || Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) return undefined;
  if (payload === 'm') return { type: 'menu' };
  if (payload === 'l') return { type: 'choose-language' };
  if (payload === 'forget') return { type: 'forget' };
  if (payload === 'privacy') return { type: 'privacy' };
  if (payload === 'p') return { type: 'place' };
  const [kind, a, b] = payload.split(':');
  switch (kind) {
    case 'a':
      return a && ENTRY_ID.test(a) && b === undefined ? { type: 'entry', id: a } : undefined;
    case 't':
      return (MENU_TOPICS as readonly string[]).includes(a ?? '') && b === undefined ? { type: 'topic', topic: a as MenuTopic } : undefined;
    case 'l':
      return isLanguage(a) && b === undefined ? { type: 'language', language: a } : undefined;
    case 'c':
      return a && ENTRY_ID.test(a) && b === undefined ? { type: 'counter', id: a } : undefined;
    case 'f':
      return (a === '+' || a === '-') && b && ENTRY_ID.test(b) ? { type: 'feedback', id: b, helpful: a === '+' } : undefined;
    default:
      return undefined;
  }
}
