import { z } from 'zod';
import { LANGUAGES, type Language } from './languages';

/** Topics double as folder names under `knowledge/` and as the first part of every id. */
export const TOPICS = [
  'status',
  'shelter',
  'aid',
  'healthcare',
  'work',
  'school',
  'travel',
  'family',
  'safety',
  'contact',
] as const;
export type Topic = (typeof TOPICS)[number];

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ENTRY_ID = new RegExp(`^(${TOPICS.join('|')})\\.[a-z0-9]+(?:-[a-z0-9]+)*$`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. 2026-03-01')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'this is not a real calendar date');

const text = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty'));

const phrasing = text.pipe(z.string().max(300, 'a question phrasing must be at most 300 characters'));

/** A map with an optional value per language; unknown language codes are rejected so typos surface. */
function perLanguage<T extends z.ZodType>(value: T) {
  const shape = Object.fromEntries(LANGUAGES.map((l) => [l, value.optional()])) as {
    [K in Language]: z.ZodOptional<T>;
  };
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown language ${issue.keys.map((k) => `"${k}"`).join(', ')}; use ${LANGUAGES.join(', ')}`
        : undefined,
  });
}

/** A Dutch municipality as CBS numbers it ("GM" and four digits): names change, codes do not. */
export const MUNICIPALITY_CODE = /^GM\d{4}$/;
const sourceUrl = z.url({ protocol: /^https?$/, error: 'a source must be a full http(s) URL' });

/**
 * What differs in one municipality (where to go, the office, local help): shown under the common
 * answer, so it holds only the local part and is checked against the municipality's own pages.
 */
const placeVariantSchema = z.strictObject({
  reviewed: isoDate,
  sources: z.array(sourceUrl).min(1, "give the municipality's own page as a source"),
  answer: perLanguage(text.pipe(z.string().max(500, 'a place variant must be at most 500 characters: only what differs there'))),
});

/**
 * The counter card: what a person shows at a desk. `ask` is their request in a fixed phrase, `text` the
 * key facts; Dutch is the part the clerk reads, so it is required wherever the other languages are given.
 */
const counterSchema = z
  .strictObject({
    ask: perLanguage(phrasing).optional(),
    text: perLanguage(text.pipe(z.string().max(600, 'a counter text must be at most 600 characters: the key facts only'))).optional(),
  })
  .superRefine((counter, ctx) => {
    for (const part of ['ask', 'text'] as const) {
      if (counter[part] && !counter[part].nl) ctx.addIssue({ code: 'custom', path: [part, 'nl'], message: 'the clerk reads Dutch: write the Dutch text first' });
    }
  });

export const entrySchema = z
  .strictObject(
    {
      id: z.string().regex(ENTRY_ID, `the id must be <topic>.<slug>, topic one of ${TOPICS.join(', ')}`),
      topic: z.enum(TOPICS),
      reviewed: isoDate,
      sources: z
        .array(sourceUrl)
        .min(1, 'give at least one official source URL'),
      questions: perLanguage(
        z.array(phrasing).min(3, 'give at least 3 ways of asking in each language'),
      ),
      keywords: perLanguage(z.array(text)).optional(),
      answer: perLanguage(text.pipe(z.string().max(3000, 'an answer must be at most 3000 characters'))),
      related: z.array(z.string().regex(ENTRY_ID, 'related items are entry ids like healthcare.gp')).default([]),
      /**
       * The date each translation was last brought in line with the source language (nl, else en).
       * Volunteers' tools maintain it; it lets them see translations that fell behind.
       */
      translated: perLanguage(isoDate).optional(),
      /** Per municipality (CBS code): the local part of the answer. */
      places: z
        .record(z.string().regex(MUNICIPALITY_CODE, 'a place is its CBS municipality code, e.g. GM0344 for Utrecht'), placeVariantSchema)
        .optional(),
      counter: counterSchema.optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: id, topic, reviewed, sources, questions, keywords, answer, related, translated, places, counter`
          : undefined,
    },
  )
  .superRefine((entry, ctx) => {
    if (!entry.id.startsWith(`${entry.topic}.`)) {
      ctx.addIssue({ code: 'custom', path: ['topic'], message: `topic "${entry.topic}" does not match the id "${entry.id}"` });
    }
    if (!LANGUAGES.some((l) => entry.answer[l])) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'write the answer in at least one language' });
    }
    if (!LANGUAGES.some((l) => entry.questions[l])) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'give the questions in at least one language' });
    }
    for (const [code, variant] of Object.entries(entry.places ?? {})) {
      if (!LANGUAGES.some((l) => variant.answer[l])) {
        ctx.addIssue({ code: 'custom', path: ['places', code, 'answer'], message: 'write the local part in at least one language' });
      }
    }
    if (entry.related.includes(entry.id)) {
      ctx.addIssue({ code: 'custom', path: ['related'], message: 'an entry cannot be related to itself' });
    }
  });

export type KnowledgeEntry = z.output<typeof entrySchema>;
export type PlaceVariant = z.output<typeof placeVariantSchema>;
export const SLUG_PATTERN = SLUG;
