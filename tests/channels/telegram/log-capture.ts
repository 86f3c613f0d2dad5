import pino, { type Logger } from 'pino';

/** A real pino logger writing JSON lines into memory, so tests can check what an operator would see. */
export function captureLogger(): { logger: Logger; lines: string[]; all: () => string } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, all: () => lines.join('') };
}
