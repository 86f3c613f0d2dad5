/**
 * `GET /admin/entries/:id` and `POST /admin/entries/:id`: one language of an entry edited side by side
 * with a reference language, with the preview; saving writes only the fields of that language.
 */
import type { Request, Response } from 'express';
import { LANGUAGES, isLanguage, type Language } from '../../knowledge/languages';
import { ENTRY_ID, type KnowledgeEntry } from '../../knowledge/schema';
import { isStale } from '../../knowledge/freshness';
import { field, lines, multiline, query, seeOther, sendPage, sentField } from '../http-util';
import { applyChanges, type FieldChange } from '../entry-yaml';
import { placeChanges, readPlaceValues } from '../place-form';
import { referenceLanguage, translatedAfterEdit, translationStatus } from '../translation-status';
import { flash, frameFor, type AdminServices, type SignedInHandler, type Visitor } from '../context';
import { editPage, valuesOf, type EditValues, type EditView } from '../pages/edit';
import { messagePage } from '../pages/users';
import { changeOutcome, entryNotFound, previewOf, problemLines, relatedIds, today } from './entry-shared';

export function entryEditHandlers(services: AdminServices): { show: SignedInHandler; save: SignedInHandler } {
  const { editor } = services;

  /** The language asked for, else the first one whose translation needs work. */
  const languageOf = (req: Request, entry: KnowledgeEntry, fromBody: boolean): Language => {
    const asked = fromBody ? field(req, 'lang') : query(req, 'lang');
    if (isLanguage(asked)) return asked;
    return LANGUAGES.find((l) => translationStatus(entry, l) !== 'ok') ?? 'uk';
  };
  const referenceOf = (req: Request, entry: KnowledgeEntry, language: Language, fromBody: boolean): Language => {
    const asked = fromBody ? field(req, 'ref') : query(req, 'ref');
    return isLanguage(asked) && asked !== language ? asked : referenceLanguage(entry, language);
  };

  /** `pending`: the changes of this entry waiting for review (read before, the view is built synchronously). */
  const view = (entry: KnowledgeEntry, version: string, language: Language, reference: Language, values: EditValues, pending: EditView['pending'], extra: Partial<EditView> = {}): EditView => ({
    entry,
    version,
    language,
    reference,
    values,
    today: today(services),
    stale: isStale(entry.reviewed, services.now()),
    pending,
    municipalities: services.deps.knowledge.current().municipalities,
    preview: previewOf(services, language, multiline(values.answer), lines(values.sources), values.markReviewed ? today(services) : entry.reviewed, relatedIds(values.related)),
    ...extra,
  });

  /** The entry of `:id`, or undefined once a 404 or 409 page has been sent. */
  const load = async (req: Request, res: Response, visitor: Visitor) => {
    const id = String(req.params.id ?? '');
    if (!ENTRY_ID.test(id)) {
      await entryNotFound(services, res, visitor, id);
      return undefined;
    }
    const stored = await editor.read(id);
    if (!stored) {
      await entryNotFound(services, res, visitor, id);
      return undefined;
    }
    if (!stored.entry) {
      sendPage(res, 409, messagePage(await frameFor(services, visitor), 'This file has errors', `The file of ${id} was changed by hand and is not valid: ${problemLines(stored.problems).join('; ')}. Fix it in the file (npm run kb -- check) before editing it here.`));
      return undefined;
    }
    return { id, stored, entry: stored.entry };
  };

  const show: SignedInHandler = async (req, res, visitor) => {
    const loaded = await load(req, res, visitor);
    if (!loaded) return;
    const language = languageOf(req, loaded.entry, false);
    const reference = referenceOf(req, loaded.entry, language, false);
    const [frame, pending] = await Promise.all([frameFor(services, visitor, { takeFlash: true }), services.pending.open(loaded.id)]);
    sendPage(res, 200, editPage(frame, view(loaded.entry, loaded.stored.version, language, reference, valuesOf(loaded.entry, language), pending)));
  };

  const save: SignedInHandler = async (req, res, visitor) => {
    const loaded = await load(req, res, visitor);
    if (!loaded) return;
    const { id, entry, stored } = loaded;
    const language = languageOf(req, entry, true);
    const reference = referenceOf(req, entry, language, true);
    const version = /^[0-9a-f]{32}$/.test(field(req, 'version')) ? field(req, 'version') : '';
    const values: EditValues = {
      answer: field(req, 'answer').slice(0, 20_000),
      questions: field(req, 'questions').slice(0, 50_000),
      keywords: field(req, 'keywords').slice(0, 20_000),
      sources: field(req, 'sources').slice(0, 20_000),
      related: field(req, 'related').slice(0, 5_000),
      markReviewed: field(req, 'reviewed') === '1',
      confirmCurrent: field(req, 'current') === '1',
      smallFix: field(req, 'smallfix') === '1',
      places: readPlaceValues(entry, language, (name) => sentField(req, name)),
    };
    const frame = await frameFor(services, visitor);
    const pending = await services.pending.open(id);
    const render = (status: number, extra: Partial<EditView> = {}) => sendPage(res, status, editPage(frame, view(entry, version, language, reference, values, pending, extra)));
    // Any other button (Preview) shows the form again with the preview of what was typed.
    if (field(req, 'action') !== 'save') return render(200);

    const answer = multiline(values.answer);
    const dates = translatedAfterEdit(
      entry,
      language,
      { answerChanged: answer !== (entry.answer[language] ?? ''), confirmedCurrent: values.confirmCurrent, smallFix: values.smallFix },
      today(services),
    );
    const questions = lines(values.questions);
    const keywords = lines(values.keywords);
    const changes: FieldChange[] = [
      { path: ['answer', language], value: answer || undefined },
      { path: ['questions', language], value: questions.length ? questions : undefined },
      { path: ['keywords', language], value: keywords.length ? keywords : undefined },
      { path: ['sources'], value: lines(values.sources) },
      { path: ['related'], value: relatedIds(values.related) },
      ...(values.markReviewed ? [{ path: ['reviewed'] as const, value: today(services) }] : []),
      ...LANGUAGES.map((l) => ({ path: ['translated', l] as const, value: dates[l] })),
    ];
    // The counter card and the local parts save with the answer, through the same checks, review and audit.
    const placed = placeChanges(entry, language, values.places, { municipalities: services.deps.knowledge.current().municipalities, today: today(services) });
    if (placed.problems.length) return render(422, { error: { title: 'Not saved: please fix these problems.', items: placed.problems } });
    changes.push(...placed.changes);
    let content: string;
    try {
      content = applyChanges(stored.source, changes);
    } catch (err) {
      return render(422, { error: { title: 'Not saved', items: [(err as Error).message] } });
    }
    const result = await editor.submit({ id, content, baseVersion: version, action: 'edit', author: visitor.user });
    const done = changeOutcome(result, id);
    if (done.redirect) {
      await flash(services, visitor, done.flash);
      return seeOther(res, `/admin/entries/${id}?lang=${language}&ref=${reference}`);
    }
    return render(done.status, { error: done.error });
  };

  return { show, save };
}
