/**
 * A search worker thread (started by search-pool.ts): builds its own index from the entries the main
 * thread sends, and reads questions against it with the very function the main thread would use
 * (assistant/read-question.ts: safety check, search, policy). It keeps only the latest snapshot; a
 * question meant for another one is answered with null, and the main thread reads it itself.
 */
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { KnowledgeBase } from '../knowledge/knowledge-base';
import { entrySchema } from '../knowledge/schema';
import { SearchIndex } from '../search/search-index';
import { readQuestion } from '../assistant/read-question';
import { toWorkerSchema, type FromWorker } from './search-messages';

if (!parentPort) throw new Error('search-worker.ts runs as a worker thread (see search-pool.ts)');
const port = parentPort;

let index: SearchIndex | undefined;
let generation = -1;

function reply(message: FromWorker): void {
  port.postMessage(message);
}

port.on('message', (raw: unknown) => {
  // A message that fails the check is a bug in the main thread: it throws, the thread ends and the
  // pool starts another (and reads meanwhile in the main thread).
  const message = toWorkerSchema.parse(raw);
  if (message.type === 'load') {
    try {
      index = new SearchIndex(new KnowledgeBase(z.array(entrySchema).parse(message.entries)));
      generation = message.generation;
      reply({ type: 'loaded', generation });
    } catch (err) {
      reply({ type: 'load-failed', generation: message.generation, error: err instanceof Error ? err.message : String(err) });
    }
    return;
  }
  const readings = message.questions.map(({ id, question, hint }) => {
    if (!index || message.generation !== generation) return { id, reading: null };
    try {
      return { id, reading: readQuestion(index, question, hint) };
    } catch {
      // The main thread reads it again and meets the same error in its own turn handling.
      return { id, reading: null };
    }
  });
  reply({ type: 'readings', generation, readings });
});
