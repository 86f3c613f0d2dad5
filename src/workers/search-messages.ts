/**
 * What the main thread and a search worker say to each other, checked on arrival on both sides: a
 * message between threads is a boundary like any other, and a reading that came back wrong must not
 * reach a person.
 */
import { z } from 'zod';
import { LANGUAGES } from '../knowledge/languages';
import type { QuestionReading } from '../assistant/question-cache';

const ids = z.array(z.string());

const resolution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('safety'), id: z.string(), alternatives: ids, via: z.enum(['check', 'ranking']) }),
  z.object({ kind: z.literal('answer'), id: z.string(), alternatives: ids, also: z.string().optional() }),
  z.object({ kind: z.literal('suggest'), alternatives: ids }),
  z.object({ kind: z.literal('none'), alternatives: ids }),
]);

export const readingSchema = z.object({
  resolution,
  language: z.enum(LANGUAGES),
  languageConfident: z.boolean(),
  greeting: z.boolean(),
  thanks: z.boolean(),
}) satisfies z.ZodType<QuestionReading>;

/** Main thread → worker. `generation` counts the knowledge snapshots the pool has handed out. */
export const toWorkerSchema = z.discriminatedUnion('type', [
  /** Build the index over these entries (checked again in the worker with the knowledge's own schema). */
  z.object({ type: z.literal('load'), generation: z.number().int(), entries: z.array(z.unknown()) }),
  /** Questions that arrived together, sent in one message: each message between threads wakes the other. */
  z.object({
    type: z.literal('read'),
    generation: z.number().int(),
    questions: z.array(z.object({ id: z.number().int(), question: z.string(), hint: z.enum(LANGUAGES).optional() })),
  }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** Worker → main thread. A null reading: the worker could not read it (other knowledge, an error). */
export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('loaded'), generation: z.number().int() }),
  z.object({ type: z.literal('load-failed'), generation: z.number().int(), error: z.string() }),
  z.object({ type: z.literal('readings'), generation: z.number().int(), readings: z.array(z.object({ id: z.number().int(), reading: readingSchema.nullable() })) }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
