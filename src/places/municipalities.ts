/**
 * The Dutch municipalities, from `knowledge/places/municipalities.yaml`: every one, so that any place a
 * person names is recognised even where no local answer exists yet.
 */
import { z } from 'zod';
import { LANGUAGES, type Language } from '../knowledge/languages';
import { MUNICIPALITY_CODE } from '../knowledge/schema';

const name = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(80, 'a name must be at most 80 characters'));

const municipalitySchema = z.strictObject({
  code: z.string().regex(MUNICIPALITY_CODE, 'the code is the CBS municipality code, e.g. GM0344'),
  name,
  names: z.strictObject(Object.fromEntries(LANGUAGES.map((l) => [l, z.array(name).optional()])) as { [K in Language]: z.ZodOptional<z.ZodArray<typeof name>> }).optional(),
  web: z.url({ protocol: /^https$/, error: "the municipality's site must be a full https URL" }).optional(),
});

export const municipalitiesFileSchema = z.strictObject({
  source: z.url({ protocol: /^https$/, error: 'the source of the list must be a full https URL' }),
  valid: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD'),
  municipalities: z.array(municipalitySchema),
});

export type Municipality = z.output<typeof municipalitySchema>;

/** The file's place under the knowledge folder; `places/` is not a topic. */
export const PLACES_FOLDER = 'places';
export const MUNICIPALITIES_FILE = 'municipalities.yaml';

export class Municipalities {
  private readonly byCode: ReadonlyMap<string, Municipality>;

  constructor(readonly all: readonly Municipality[] = []) {
    this.byCode = new Map(all.map((m) => [m.code, m]));
  }

  get(code: string | undefined): Municipality | undefined {
    return code === undefined ? undefined : this.byCode.get(code);
  }

  get size(): number {
    return this.all.length;
  }

  /** The name to show a person: their language's first spelling, else the Dutch name. */
  nameIn(municipality: Municipality, language: Language): string {
    return language === 'nl' ? municipality.name : (municipality.names?.[language]?.[0] ?? municipality.name);
  }
}
