/**
 * Questions the bot has not seen: the labelled eval questions, each with a word from another question
 * added, never the same text twice in a run. The question cache (src/assistant/question-cache.ts) keeps
 * repeated questions from being searched again, so a load of repeated questions measures the cache; this
 * one measures what a new question costs — the safety check, the search and the policy every time.
 * The added word is one people really typed, so the search does about the work a real question needs
 * (a made-up word would send every question through the approximate matcher).
 */
import path from 'node:path';
import { readQuestions } from '../tests/eval/evaluate';

const FILES = ['dev.jsonl', 'dev2.jsonl', 'dev-topics.jsonl', 'heldout.jsonl', 'heldout-topics.jsonl'];

/** A deterministic pseudo-random generator, so two runs ask the same questions in the same order. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export class NewQuestions {
  private readonly bases: string[];
  private readonly words: string[];
  private readonly seen = new Set<string>();
  private readonly random: () => number;
  private i = 0;

  constructor(seed = 13) {
    this.bases = FILES.flatMap((f) => readQuestions(path.resolve(__dirname, '../tests/eval', f)).map((q) => q.q));
    this.words = [...new Set(this.bases.flatMap((q) => q.split(/\s+/)).filter((w) => /^\p{L}{3,}$/u.test(w)))];
    this.random = rng(seed);
  }

  /** The next question, different from every one before it in this run. */
  next(): string {
    for (;;) {
      const base = this.bases[this.i++ % this.bases.length]!;
      const word = this.words[Math.floor(this.random() * this.words.length)]!;
      const q = `${base} ${word}`;
      if (!this.seen.has(q)) {
        this.seen.add(q);
        return q;
      }
    }
  }
}
