/**
 * Search benchmark: index build time, per-query latency (p50/p99) and memory, at the real size of the
 * knowledge base and at 50× (synthetic entries made from the real ones, with new words mixed in so the
 * vocabulary grows as a real knowledge base would).
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../src/knowledge/load-directory';
import { KnowledgeBase } from '../src/knowledge/knowledge-base';
import type { KnowledgeEntry } from '../src/knowledge/schema';
import { LANGUAGES } from '../src/knowledge/languages';
import { SearchIndex, DEFAULT_TUNING } from '../src/search/search-index';
import { resolveQuestion } from '../src/assistant/resolve';
import { readQuestions } from '../tests/eval/evaluate';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** A deterministic pseudo-random generator, so two runs build the same synthetic knowledge. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CYRILLIC = 'абвгдежзиіклмнопрстуфхцчшщьюяє';
const LATIN = 'abcdefghijklmnoprstuvwz';

function syntheticWord(random: () => number, alphabet: string): string {
  const n = 4 + Math.floor(random() * 7);
  let w = '';
  for (let i = 0; i < n; i++) w += alphabet[Math.floor(random() * alphabet.length)];
  return w;
}

/**
 * Copies of every entry, each phrasing with a fifth of its words replaced: 6 % by new made-up words, the
 * rest by words borrowed from other entries. That grows the vocabulary about tenfold at 50×, a little
 * faster than Heaps' law predicts for 50 times more real text (≈ 7×), so the figures err on the slow side.
 */
export function multiply(entries: readonly KnowledgeEntry[], factor: number): KnowledgeEntry[] {
  const random = rng(42);
  const vocabulary = entries.flatMap((e) => LANGUAGES.flatMap((l) => (e.questions[l] ?? []).flatMap((q) => q.split(/\s+/))));
  const out: KnowledgeEntry[] = [...entries];
  for (let copy = 1; copy < factor; copy++) {
    for (const e of entries) {
      const id = `${e.id}-s${copy}`;
      const mutate = (text: string, latin: boolean) =>
        text
          .split(/\s+/)
          .map((w) => {
            const r = random();
            if (r < 0.06) return syntheticWord(random, latin ? LATIN : CYRILLIC);
            if (r < 0.2) return vocabulary[Math.floor(random() * vocabulary.length)]!;
            return w;
          })
          .join(' ');
      const questions = Object.fromEntries(LANGUAGES.map((l) => [l, (e.questions[l] ?? []).map((q) => mutate(q, l === 'nl' || l === 'en'))]));
      const keywords = Object.fromEntries(LANGUAGES.map((l) => [l, (e.keywords?.[l] ?? []).map((k) => mutate(k, l === 'nl' || l === 'en'))]));
      out.push({ ...e, id, questions, keywords, related: [] } as KnowledgeEntry);
    }
  }
  return out;
}

interface Figures {
  entries: number;
  buildMs: number;
  p50: number;
  p99: number;
  max: number;
  heapMB: number;
}

function measure(knowledge: KnowledgeBase, questions: readonly string[]): Figures {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const builds: number[] = [];
  let index: SearchIndex | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    index = new SearchIndex(knowledge, DEFAULT_TUNING);
    builds.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  // Warm up on half the questions, measure on the other half, so the numbers include words not seen yet.
  const warm = questions.filter((_, i) => i % 2 === 0);
  const timed = questions.filter((_, i) => i % 2 === 1);
  for (const q of warm) resolveQuestion(index!, q);
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of timed) {
      const t0 = process.hrtime.bigint();
      resolveQuestion(index!, q);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  builds.sort((a, b) => a - b);
  return { entries: knowledge.size, buildMs: builds[1]!, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1]!, heapMB };
}

export async function runSearchBench(): Promise<void> {
  const { knowledge } = await loadKnowledgeDirectory(path.resolve('knowledge'));
  if (!knowledge) throw new Error('knowledge does not load');
  const questions = ['dev.jsonl', 'dev2.jsonl', 'heldout.jsonl'].flatMap((f) => readQuestions(path.resolve('tests/eval', f)).map((q) => q.q));
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with node --expose-gc for exact memory figures)');
  console.log(`Search benchmark — ${questions.length} realistic questions, Node ${process.version}\n`);
  // Measured first, in a heap of a real instance's size: after the 50× row the heap holds 600 MB more, and
  // the collector's pauses in it, not the search, made this row's p99 (26.7 ms after it, 11–14 ms before).
  const longMessages = longMessagesRow(knowledge);
  console.log('size      entries   terms   build (ms)   p50 (ms)   p99 (ms)   max (ms)   index heap (MB)   target p99');
  const rows: Array<[string, KnowledgeBase, number]> = [
    ['real', knowledge, 2],
    ['50×', new KnowledgeBase(multiply(knowledge.entries, 50)), 20],
  ];
  for (const [label, kb, target] of rows) {
    const f = measure(kb, questions);
    const terms = new SearchIndex(kb).vocabularyTerms();
    const ok = f.p99 < target ? 'ok' : 'MISSED';
    console.log(
      `${label.padEnd(9)} ${String(f.entries).padStart(7)} ${String(terms).padStart(7)} ${f.buildMs.toFixed(0).padStart(12)} ${f.p50.toFixed(3).padStart(10)} ${f.p99.toFixed(3).padStart(10)} ${f.max.toFixed(2).padStart(10)} ${f.heapMB.toFixed(1).padStart(17)}   < ${target} ms ${ok}`,
    );
  }
  console.log(longMessages);
  console.log(`process RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
}

/**
 * 4,096-character messages (Telegram's and WhatsApp's limit), the worst case for search: made-up words
 * of 3 to 40 letters in Cyrillic and Latin letters, which nothing matches closely, with a question mark
 * now and then. Safety check, search and policy, as a turn runs them; the words are new to the index
 * (no two messages share many), so little comes from the term cache.
 */
function longMessagesRow(knowledge: KnowledgeBase): string {
  const random = rng(4096);
  const message = (alphabet: string) => {
    let text = '';
    while (text.length < 4096) text += syntheticWord(random, alphabet).repeat(1 + Math.floor(random() * 4)) + (random() < 0.05 ? '? ' : ' ');
    return text.slice(0, 4096);
  };
  const index = new SearchIndex(knowledge, DEFAULT_TUNING);
  for (let i = 0; i < 20; i++) resolveQuestion(index, message(i % 2 ? CYRILLIC : LATIN)); // warm the code
  gc();
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const text = message(i % 2 ? CYRILLIC : LATIN);
    const t0 = process.hrtime.bigint();
    resolveQuestion(index, text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const p99 = percentile(times, 99);
  return `\n4,096-char messages p99: ${p99.toFixed(1)} ms (p50 ${percentile(times, 50).toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms, ${times.length} made-up-word messages, real size)   < 20 ms ${p99 < 20 ? 'ok' : 'MISSED'}`;
}
