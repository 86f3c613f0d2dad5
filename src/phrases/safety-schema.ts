/**
 * The shape of the safety files in `src/phrases/safety/` (their headers explain each part in plain
 * words). Checked here: the shape and the kinds of values. Checked when the files are put together
 * (safety-rules.ts): names used but not defined, names defined twice, patterns that do not compile.
 */
import { z } from 'zod';

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const name = z.string().regex(NAME, 'a name is lower-case letters and digits, words joined by "-" (e.g. fear-home)');
const text = z.string().min(1, 'must not be empty');
const texts = z.array(text).min(1, 'list at least one');

/** One side of a `near` group: its own words, or the words of another group (less some). */
const side = z.union([texts, z.strictObject({ 'words-of': name, except: z.array(text).optional() })], {
  error: 'a list of words, or {words-of: <group>} with an optional except: [...]',
});

export const groupSchema = z
  .strictObject({
    words: texts.optional(),
    near: z
      .strictObject({
        first: side,
        then: side,
        gap: z.int().min(0).max(10).default(3),
        'either-order': z.boolean().default(true),
      })
      .optional(),
    pattern: text.optional(),
  })
  .refine((g) => [g.words, g.near, g.pattern].filter((x) => x !== undefined).length === 1, 'a group has exactly one of words:, near: or pattern:');

export const signSchema = z
  .strictObject({
    name,
    weight: z.int().min(1, 'the weight is a whole number, 1 or more'),
    all: z.array(name).min(1, 'a sign needs at least one group in all:'),
    none: z.array(name).optional(),
    'at-least': z.int().min(1).optional(),
    of: z.array(name).min(1).optional(),
    'not-with-laugh': z.boolean().optional(),
    part: z.enum(['act', 'actor']).optional(),
  })
  .refine((s) => (s['at-least'] === undefined) === (s.of === undefined), 'at-least: and of: go together')
  .refine((s) => s['at-least'] === undefined || s['at-least'] <= (s.of?.length ?? 0), 'at-least: is more than the groups listed in of:');

export const sharedFileSchema = z.strictObject({ groups: z.record(name, groupSchema) });

export const categoryFileSchema = z.strictObject({
  phrases: texts.optional(),
  groups: z.record(name, groupSchema).optional(),
  signs: z.array(signSchema).optional(),
});

export type GroupData = z.output<typeof groupSchema>;
export type SignData = z.output<typeof signSchema>;
export type CategoryFileData = z.output<typeof categoryFileSchema>;
