/**
 * A small pool of search worker threads (SEARCH_WORKERS), so new questions are read on the second core
 * while the main thread serves HTTP, Botkit and storage. Each worker builds its own index from the
 * knowledge the main thread hands it, and builds it again on every reload; a question goes only to a
 * worker that has the turn's own knowledge, so a reading always belongs to the index the turn answers
 * from. Whatever cannot go to a worker — none ready yet, a reload in progress, a worker that died or
 * hangs with the question — comes back undefined and the assistant reads it in the main thread with the
 * same function: a question is never lost, and the safety check runs exactly as without the pool.
 * A worker that ends without being asked to is replaced (after a pause that grows while they keep dying).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Language } from '../knowledge/languages';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../logger';
import type { QuestionReading } from '../assistant/question-cache';
import type { ReadingSource } from '../assistant/reading-source';
import { fromWorkerSchema, type FromWorker, type ToWorker } from './search-messages';

export interface SearchPoolOptions {
  size: number;
  logger?: Logger;
  /** Starts one worker thread; tests pass one that keeps hold of it. */
  startWorker?: () => Worker;
  /** A worker that has questions and has answered none for this long is ended and replaced. */
  stuckAfterMs?: number;
  /** The first pause before a worker that died is replaced; doubled for each that dies in a row. */
  restartDelayMs?: number;
}

export interface SearchPoolStats {
  workers: number;
  /** Workers that have the current knowledge and take questions. */
  ready: number;
  /** Questions read by a worker / read in the main thread instead, since start. */
  served: number;
  fallbacks: number;
  /** Workers started again after one ended unasked. */
  replaced: number;
}

interface Slot {
  worker: Worker;
  /** The knowledge generation the worker has built; -1 before its first. */
  generation: number;
  pending: Map<number, (reading: QuestionReading | undefined) => void>;
  /** When the oldest unanswered question was sent or the last answer came, while questions wait. */
  busySince?: number;
  /** Being ended (it died, hangs, or the pool closes): it takes no more questions. */
  retiring: boolean;
  /** Questions asked since the last message to the worker, sent together once this turn of the event loop is done. */
  queued: Array<{ id: number; question: string; hint?: Language }>;
}

const WORKER_FILE = path.join(__dirname, `search-worker${path.extname(__filename)}`);

/** The worker as built (dist/*.js), or from the sources through tsx where the sources run (tests, tsx). */
export function startSearchWorker(): Worker {
  if (WORKER_FILE.endsWith('.ts')) {
    return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(WORKER_FILE)});`, { eval: true });
  }
  return new Worker(WORKER_FILE);
}

export class SearchPool implements ReadingSource {
  private readonly slots = new Set<Slot>();
  private knowledge: KnowledgeBase | undefined;
  private generation = 0;
  private nextId = 0;
  private served = 0;
  private fallbacks = 0;
  private replaced = 0;
  private diedInARow = 0;
  private closed = false;
  private readonly watchdog: NodeJS.Timeout;
  private readonly stuckAfterMs: number;

  constructor(private readonly options: SearchPoolOptions) {
    this.stuckAfterMs = options.stuckAfterMs ?? 10_000;
    this.watchdog = setInterval(() => this.endStuck(), Math.min(1000, this.stuckAfterMs));
    this.watchdog.unref();
  }

  /** Hands every worker (and every worker started later) this knowledge; call at start and on each reload. */
  load(knowledge: KnowledgeBase): void {
    // Questions asked of the knowledge before this one are sent first, under its generation.
    for (const slot of this.slots) this.flush(slot);
    this.knowledge = knowledge;
    this.generation++;
    for (const slot of this.slots) this.send(slot, this.loadMessage());
    while (!this.closed && this.slots.size < this.options.size) this.spawn();
  }

  read(knowledge: KnowledgeBase, question: string, hint: Language | undefined): Promise<QuestionReading | undefined> {
    const slot = knowledge === this.knowledge ? this.leastBusy() : undefined;
    if (!slot) {
      this.fallbacks++;
      return Promise.resolve(undefined);
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, resolve);
      slot.busySince ??= Date.now();
      // Under load many questions arrive in one turn of the event loop; each message between threads
      // wakes the other, so they go together (setImmediate: when this turn's I/O has been read).
      if (slot.queued.push({ id, question, ...(hint ? { hint } : {}) }) === 1) setImmediate(() => this.flush(slot));
    });
  }

  stats(): SearchPoolStats {
    const ready = [...this.slots].filter((s) => s.generation === this.generation).length;
    return { workers: this.slots.size, ready, served: this.served, fallbacks: this.fallbacks, replaced: this.replaced };
  }

  /** Resolves once every worker has the current knowledge (tests; a reload does not wait for it). */
  async whenReady(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.stats().ready < this.options.size) {
      if (Date.now() > until) throw new Error(`search workers not ready after ${timeoutMs} ms: ${JSON.stringify(this.stats())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private loadMessage(): ToWorker {
    return { type: 'load', generation: this.generation, entries: [...(this.knowledge?.entries ?? [])] };
  }

  private leastBusy(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.generation !== this.generation || slot.retiring) continue;
      if (!best || slot.pending.size < best.pending.size) best = slot;
    }
    return best;
  }

  private spawn(): void {
    const worker = (this.options.startWorker ?? startSearchWorker)();
    // The workers never keep the process alive on their own: stop() ends them, and so does exiting.
    worker.unref();
    const slot: Slot = { worker, generation: -1, pending: new Map(), retiring: false, queued: [] };
    this.slots.add(slot);
    worker.on('message', (raw: unknown) => this.onMessage(slot, raw));
    worker.on('error', (err) => this.options.logger?.error({ err: { name: err.name, message: err.message }, threadId: worker.threadId }, 'search worker failed'));
    worker.once('exit', (code) => this.onExit(slot, code));
    if (this.knowledge) this.send(slot, this.loadMessage());
  }

  private flush(slot: Slot): void {
    if (slot.queued.length === 0 || slot.retiring) return;
    const questions = slot.queued;
    slot.queued = [];
    this.send(slot, { type: 'read', generation: this.generation, questions });
  }

  private send(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }

  private onMessage(slot: Slot, raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.logger?.error({ threadId: slot.worker.threadId, issue: parsed.error.issues[0]?.message }, 'search worker sent a message that is not valid; replacing it');
      this.retire(slot);
      return;
    }
    const message: FromWorker = parsed.data;
    switch (message.type) {
      case 'loaded':
        slot.generation = message.generation;
        this.diedInARow = 0;
        return;
      case 'load-failed':
        this.options.logger?.error({ threadId: slot.worker.threadId, error: message.error }, 'a search worker could not build its index; questions are read in the main thread');
        return;
      case 'readings':
        for (const { id, reading } of message.readings) {
          const resolve = slot.pending.get(id);
          if (!resolve) continue;
          slot.pending.delete(id);
          if (reading && message.generation === this.generation) {
            this.served++;
            resolve(reading);
          } else {
            this.fallbacks++;
            resolve(undefined);
          }
        }
        slot.busySince = slot.pending.size ? Date.now() : undefined;
    }
  }

  private onExit(slot: Slot, code: number): void {
    this.slots.delete(slot);
    // Its questions are read in the main thread: nobody waits for a worker that is gone.
    for (const resolve of slot.pending.values()) {
      this.fallbacks++;
      resolve(undefined);
    }
    slot.pending.clear();
    if (this.closed) return;
    const delay = (this.options.restartDelayMs ?? 100) * 2 ** Math.min(this.diedInARow, 8);
    this.diedInARow++;
    this.options.logger?.warn({ threadId: slot.worker.threadId, code, restartInMs: delay }, 'a search worker ended; starting another');
    setTimeout(() => {
      if (this.closed || this.slots.size >= this.options.size) return;
      this.replaced++;
      this.spawn();
    }, delay).unref();
  }

  private endStuck(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      if (slot.busySince !== undefined && now - slot.busySince > this.stuckAfterMs && !slot.retiring) {
        this.options.logger?.warn({ threadId: slot.worker.threadId, waiting: slot.pending.size }, 'a search worker stopped answering; replacing it');
        this.retire(slot);
      }
    }
  }

  /** Ends a worker; its exit hands its questions back and, unless the pool is closing, starts another. */
  private retire(slot: Slot): Promise<number> {
    slot.retiring = true;
    return slot.worker.terminate();
  }
}
