/**
 * Logs (pino): lines a person can read when stdout is a terminal (pino-pretty), JSON otherwise — one
 * object a line, for log collectors, pipes and files. Nothing that identifies a person goes in: no message
 * text, no platform ids, no phone numbers. Fields that could carry them are redacted in case a call site
 * slips; redaction happens before either format is written.
 */
import pino, { type Logger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export const REDACTED_FIELDS = [
  'text', 'question', 'message', 'payload', 'chatId', 'chat_id', 'userId', 'user_id', 'from', 'phone',
  'wa_id', 'token', 'secret', 'password', 'authorization', 'cookie',
  '*.text', '*.question', '*.chatId', '*.chat_id', '*.from', '*.phone', '*.wa_id', '*.token', '*.password',
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-telegram-bot-api-secret-token"]',
];

/** A stream that may be a terminal (process.stdout is one when nothing pipes or redirects it). */
export type LogStream = DestinationStream & { isTTY?: boolean };

export type LogFormat = 'pretty' | 'json';

/** Readable lines only for a terminal: anything else (a pipe, a file, a container's log) gets JSON. */
export function logFormatFor(stream: { isTTY?: boolean }): LogFormat {
  return stream.isTTY === true ? 'pretty' : 'json';
}

function prettyStream(destination: LogStream | 1): DestinationStream {
  return pretty({
    destination,
    // Written as it comes, so a line logged just before the process exits is not lost.
    sync: true,
    colorize: pretty.isColorSupported,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
  });
}

/**
 * @param destination where to write (tests pass their own); by default stdout, in the format that suits
 *   it (see `logFormatFor`)
 */
export function createLogger(level = 'info', destination?: LogStream): Logger {
  const out = destination ?? process.stdout;
  const stream =
    logFormatFor(out) === 'pretty'
      ? prettyStream(destination ?? 1)
      : destination; // undefined: pino's own fast JSON writer on stdout
  return pino(
    {
      level,
      base: { service: 'prykhystok' },
      redact: { paths: REDACTED_FIELDS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
