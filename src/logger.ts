/**
 * Structured JSON logs (pino). Nothing that identifies a person goes in: no message text, no platform
 * ids, no phone numbers. Fields that could carry them are redacted in case a call site slips.
 */
import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

export const REDACTED_FIELDS = [
  'text', 'question', 'message', 'payload', 'chatId', 'chat_id', 'userId', 'user_id', 'from', 'phone',
  'wa_id', 'token', 'secret', 'password', 'authorization', 'cookie',
  '*.text', '*.question', '*.chatId', '*.chat_id', '*.from', '*.phone', '*.wa_id', '*.token', '*.password',
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-telegram-bot-api-secret-token"]',
];

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'prykhystok' },
      redact: { paths: REDACTED_FIELDS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
