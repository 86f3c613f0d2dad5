/** Entries: the list with translation status, editing one language side by side, new entries, history. */
import type { Request, Response } from 'express';
import { LANGUAGES, isLanguage, type Language } from '../../knowledge/languages';
import { ENTRY_ID, SLUG_PATTERN, TOPICS, type KnowledgeEntry } from '../../knowledge/schema';
import { isStale, STALE_AFTER_DAYS } from '../../knowledge/freshness';
import { formatProblem, type KnowledgeProblem } from '../../knowledge/problems';
import { entryLabel } from '../../assistant/compose';
import { html, type SafeHtml } from '../html';
import { dateTime, field, isoDay, lines, multiline, query, seeOther, sendPage } from '../http-util';
import { applyChanges, serialiseNewEntry, type FieldChange } from '../entry-yaml';
import type { ChangeResult } from '../knowledge-editor';
import type { PreviewInput } from '../preview';
import { referenceLanguage, translatedAfterEdit, translationStatus } from '../translation-status';
import { flash, frameFor, type AdminServices, type SignedInHandler, type Visitor } from '../context';
import { entriesPage, type EntryRow } from '../pages/entries';
import { editPage, valuesOf, type EditValues, type EditView } from '../pages/edit';
import { emptyNewEntry, newEntryPage, type NewEntryValues } from '../pages/new-entry';
import { historyPage } from '../pages/history';
import { messagePage } from '../pages/users';

const problemLines = (problems: readonly KnowledgeProblem[]) =>
  problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p).replace(/^[^:]+:(\d+): /, 'line $1: '));

export function parseIds(text: string): number[] {
  return [...new Set(text.split(',').map((s) => Number(s.trim())))].filter((n) => Number.isInteger(n) && n > 0).slice(0, 500);
}

export function entryHandlers(services: AdminServices) {
  const { deps, editor } = services;
  const today = () => isoDay(services.now());
  const notFound = (res: Response, visitor: Visitor, id: string) =>
    sendPage(res, 404, messagePage(frameFor(services, visitor), 'No such entry', `There is no entry "${id}".`, { href: '/admin/entries', label: 'All entries' }));

  const followUps = (related: readonly string[], language: Language): string[] => {
    const kb = deps.knowledge.current();
    return related.flatMap((id) => {
      const e = kb.get(id);
      return e ? [entryLabel(e, language)] : [];
    }).slice(0, 3);
  };

  const previewOf = (language: Language, answer: string, sources: readonly string[], reviewed: string, related: readonly string[]): PreviewInput => ({
    language,
    answer,
    sources,
    reviewed,
    followUps: followUps(related, language),
  });

  const relatedIds = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

  // ---- list -------------------------------------------------------------------------------------------

  const list: SignedInHandler = (req, res, visitor) => {
    const filters = {
      topic: (TOPICS as readonly string[]).includes(query(req, 'topic')) ? query(req, 'topic') : '',
      language: isLanguage(query(req, 'lang')) ? query(req, 'lang') : '',
      stale: query(req, 'stale') === '1',
      missing: query(req, 'missing') === '1',
      q: query(req, 'q').trim().slice(0, 100),
    };
    const now = services.now();
    const totals = deps.feedback.totals();
    const waiting = services.pending.waitingEntries();
    const all = deps.knowledge.current().entries;
    const needle = filters.q.toLowerCase();
    const rows: EntryRow[] = all
      .map((entry) => ({
        entry,
        statuses: Object.fromEntries(LANGUAGES.map((l) => [l, translationStatus(entry, l)])) as EntryRow['statuses'],
        stale: isStale(entry.reviewed, now),
        helpful: totals.get(entry.id)?.helpful ?? 0,
        notHelpful: totals.get(entry.id)?.notHelpful ?? 0,
        pending: waiting.has(entry.id),
      }))
      .filter((r) => !filters.topic || r.entry.topic === filters.topic)
      .filter((r) => !filters.stale || r.stale)
      .filter((r) => !filters.missing || (filters.language ? r.statuses[filters.language as Language] !== 'ok' : LANGUAGES.some((l) => r.statuses[l] !== 'ok')))
      .filter((r) => !needle || r.entry.id.includes(needle) || LANGUAGES.some((l) => [...(r.entry.questions[l] ?? []), r.entry.answer[l] ?? ''].some((t) => t.toLowerCase().includes(needle))));
    sendPage(res, 200, entriesPage(frameFor(services, visitor, { takeFlash: true }), rows, all.length, filters, STALE_AFTER_DAYS));
  };

  // ---- edit ------------------------------------------------------------------------------------------

  const languageOf = (req: Request, entry: KnowledgeEntry, fromBody: boolean): Language => {
    const asked = fromBody ? field(req, 'lang') : query(req, 'lang');
    if (isLanguage(asked)) return asked;
    return LANGUAGES.find((l) => translationStatus(entry, l) !== 'ok') ?? 'uk';
  };
  const referenceOf = (req: Request, entry: KnowledgeEntry, language: Language, fromBody: boolean): Language => {
    const asked = fromBody ? field(req, 'ref') : query(req, 'ref');
    return isLanguage(asked) && asked !== language ? asked : referenceLanguage(entry, language);
  };

  const view = (entry: KnowledgeEntry, version: string, language: Language, reference: Language, values: EditValues, extra: Partial<EditView> = {}): EditView => ({
    entry,
    version,
    language,
    reference,
    values,
    today: today(),
    stale: isStale(entry.reviewed, services.now()),
    pending: services.pending.open(entry.id),
    preview: previewOf(language, multiline(values.answer), lines(values.sources), values.markReviewed ? today() : entry.reviewed, relatedIds(values.related)),
    ...extra,
  });

  const load = async (req: Request, res: Response, visitor: Visitor) => {
    const id = String(req.params.id ?? '');
    if (!ENTRY_ID.test(id)) {
      notFound(res, visitor, id);
      return undefined;
    }
    const stored = await editor.read(id);
    if (!stored) {
      notFound(res, visitor, id);
      return undefined;
    }
    if (!stored.entry) {
      sendPage(res, 409, messagePage(frameFor(services, visitor), 'This file has errors', `The file of ${id} was changed by hand and is not valid: ${problemLines(stored.problems).join('; ')}. Fix it in the file (npm run kb -- check) before editing it here.`));
      return undefined;
    }
    return { id, stored, entry: stored.entry };
  };

  const show: SignedInHandler = async (req, res, visitor) => {
    const loaded = await load(req, res, visitor);
    if (!loaded) return;
    const language = languageOf(req, loaded.entry, false);
    const reference = referenceOf(req, loaded.entry, language, false);
    sendPage(res, 200, editPage(frameFor(services, visitor, { takeFlash: true }), view(loaded.entry, loaded.stored.version, language, reference, valuesOf(loaded.entry, language))));
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
    };
    const frame = frameFor(services, visitor);
    const render = (status: number, extra: Partial<EditView> = {}) => sendPage(res, status, editPage(frame, view(entry, version, language, reference, values, extra)));
    if (field(req, 'action') !== 'save') return render(200);

    const answer = multiline(values.answer);
    const dates = translatedAfterEdit(
      entry,
      language,
      { answerChanged: answer !== (entry.answer[language] ?? ''), confirmedCurrent: values.confirmCurrent, smallFix: values.smallFix },
      today(),
    );
    const questions = lines(values.questions);
    const keywords = lines(values.keywords);
    const changes: FieldChange[] = [
      { path: ['answer', language], value: answer || undefined },
      { path: ['questions', language], value: questions.length ? questions : undefined },
      { path: ['keywords', language], value: keywords.length ? keywords : undefined },
      { path: ['sources'], value: lines(values.sources) },
      { path: ['related'], value: relatedIds(values.related) },
      ...(values.markReviewed ? [{ path: ['reviewed'] as const, value: today() }] : []),
      ...LANGUAGES.map((l) => ({ path: ['translated', l] as const, value: dates[l] })),
    ];
    let content: string;
    try {
      content = applyChanges(stored.source, changes);
    } catch (err) {
      return render(422, { error: { title: 'Not saved', items: [(err as Error).message] } });
    }
    const result = await editor.submit({ id, content, baseVersion: version, action: 'edit', author: visitor.user });
    const done = outcome(result, id);
    if (done.redirect) {
      flash(services, visitor, done.flash);
      return seeOther(res, `/admin/entries/${id}?lang=${language}&ref=${reference}`);
    }
    return render(done.status, { error: done.error });
  };

  /** What to tell the volunteer after a change: a flash and redirect, or an error on the same form. */
  const outcome = (result: ChangeResult, id: string): { redirect: true; flash: string } | { redirect: false; status: number; error: { title: string; items: Array<string | SafeHtml> } } => {
    switch (result.kind) {
      case 'live':
        return result.reloaded
          ? { redirect: true, flash: 'Saved. The bot answers with the new text now.' }
          : { redirect: true, flash: `!Saved, but the bot could not reload the knowledge folder, so it keeps the previous version for now: ${problemLines(result.problems).slice(0, 3).join('; ')}` };
      case 'pending':
        return { redirect: true, flash: 'Saved for review. A reviewer must approve the change before the bot uses it.' };
      case 'unchanged':
        return { redirect: true, flash: 'Nothing changed.' };
      case 'conflict':
        return {
          redirect: false,
          status: 409,
          error: {
            title: 'Not saved: someone else changed this entry after you opened it.',
            items: [
              result.latest ? `${result.latest.userName} saved it at ${dateTime(result.latest.at)} (${result.latest.summary}).` : 'The file was changed after you opened it.',
              html`Nothing was overwritten. Your text is still in the form below: copy what you need, then <a href="/admin/entries/${id}">open the current version</a> and make your change again.`,
            ],
          },
        };
      case 'invalid':
        return { redirect: false, status: 422, error: { title: 'Not saved: please fix these problems.', items: problemLines(result.problems) } };
      case 'exists':
        return { redirect: false, status: 409, error: { title: `Not saved: an entry "${id}" already exists.`, items: ['Choose another short name, or open the existing entry.'] } };
      case 'missing':
        return { redirect: false, status: 404, error: { title: 'Not saved: the entry no longer exists.', items: [] } };
    }
  };

  // ---- new entry -------------------------------------------------------------------------------------

  const newForm: SignedInHandler = (req, res, visitor) => {
    const values = emptyNewEntry();
    const from = parseIds(query(req, 'from'))
      .map((n) => deps.inbox.get(n))
      .filter((i) => i !== undefined && i.status === 'open');
    for (const item of from) values.questions[item!.language] = lines(`${values.questions[item!.language]}\n${item!.text}`).join('\n');
    values.from = from.map((i) => i!.id).join(',');
    const suggested = from[0]?.answerId?.split('.')[0];
    if (suggested && (TOPICS as readonly string[]).includes(suggested)) values.topic = suggested;
    sendPage(res, 200, newEntryPage(frameFor(services, visitor, { takeFlash: true }), values, { fromQuestions: from.map((i) => i!.text) }));
  };

  const create: SignedInHandler = async (req, res, visitor) => {
    const values: NewEntryValues = {
      topic: field(req, 'topic'),
      slug: field(req, 'slug').trim().toLowerCase(),
      sources: field(req, 'sources').slice(0, 20_000),
      related: field(req, 'related').slice(0, 5_000),
      questions: Object.fromEntries(LANGUAGES.map((l) => [l, field(req, `questions_${l}`).slice(0, 50_000)])) as NewEntryValues['questions'],
      keywords: Object.fromEntries(LANGUAGES.map((l) => [l, field(req, `keywords_${l}`).slice(0, 20_000)])) as NewEntryValues['keywords'],
      answer: Object.fromEntries(LANGUAGES.map((l) => [l, field(req, `answer_${l}`).slice(0, 20_000)])) as NewEntryValues['answer'],
      from: parseIds(field(req, 'from')).join(','),
    };
    const frame = frameFor(services, visitor);
    const previews = LANGUAGES.filter((l) => multiline(values.answer[l])).map((l) => previewOf(l, multiline(values.answer[l]), lines(values.sources), today(), relatedIds(values.related)));
    const render = (status: number, error?: { title: string; items: Array<string | SafeHtml> }) =>
      sendPage(res, status, newEntryPage(frame, values, { previews, ...(error ? { error } : {}) }));
    if (field(req, 'action') !== 'save') return render(200);

    const problems: string[] = [];
    if (!(TOPICS as readonly string[]).includes(values.topic)) problems.push('choose a topic');
    if (!SLUG_PATTERN.test(values.slug)) problems.push('the short name may only have lower-case letters a–z, digits and single dashes, e.g. driving-licence');
    if (problems.length) return render(422, { title: 'Not created: please fix these problems.', items: problems });
    const id = `${values.topic}.${values.slug}`;
    const day = today();
    const content = serialiseNewEntry({
      id,
      topic: values.topic,
      reviewed: day,
      sources: lines(values.sources),
      questions: Object.fromEntries(LANGUAGES.map((l) => [l, lines(values.questions[l])])),
      keywords: Object.fromEntries(LANGUAGES.map((l) => [l, lines(values.keywords[l])])),
      answer: Object.fromEntries(LANGUAGES.map((l) => [l, multiline(values.answer[l])])),
      related: relatedIds(values.related),
      translated: Object.fromEntries(LANGUAGES.filter((l) => multiline(values.answer[l])).map((l) => [l, day])),
    });
    const inboxIds = parseIds(values.from).filter((n) => deps.inbox.get(n)?.status === 'open');
    const result = await editor.submit({ id, content, baseVersion: null, action: 'create', author: visitor.user, inboxIds });
    const done = outcome(result, id);
    if (done.redirect) {
      flash(services, visitor, result.kind === 'live' ? `Created ${id}. The bot answers with it now.` : done.flash);
      return seeOther(res, result.kind === 'live' ? `/admin/entries/${id}` : '/admin/entries');
    }
    return render(done.status, done.error);
  };

  // ---- history -----------------------------------------------------------------------------------------

  const history: SignedInHandler = async (req, res, visitor) => {
    const id = String(req.params.id ?? '');
    if (!ENTRY_ID.test(id)) return notFound(res, visitor, id);
    const records = services.audit.forEntry(id);
    const stored = await editor.read(id);
    if (!stored && records.length === 0) return notFound(res, visitor, id);
    sendPage(res, 200, historyPage(frameFor(services, visitor, { takeFlash: true }), id, stored && { source: stored.source, version: stored.version }, records));
  };

  const restore: SignedInHandler = async (req, res, visitor) => {
    const id = String(req.params.id ?? '');
    if (!ENTRY_ID.test(id)) return notFound(res, visitor, id);
    const record = services.audit.get(Number(field(req, 'audit')));
    const which = field(req, 'which') === 'before' ? 'before' : 'after';
    const content = record && record.entryId === id ? record[which] : null;
    if (content === null) return notFound(res, visitor, id);
    const result = await editor.submit({ id, content, baseVersion: field(req, 'version'), action: 'restore', author: visitor.user });
    const when = dateTime(record!.at);
    const messages: Partial<Record<ChangeResult['kind'], string>> = {
      live: `Restored the version ${which === 'after' ? 'saved' : 'from before the change'} at ${when}. The bot uses it now.`,
      pending: 'The restore is waiting for a reviewer.',
      unchanged: 'That version is the current one already.',
      conflict: '!Not restored: the entry changed after you opened its history. Look at it again.',
      invalid: `!Not restored: that version is not valid with today's knowledge base: ${result.kind === 'invalid' ? problemLines(result.problems).join('; ') : ''}`,
    };
    flash(services, visitor, messages[result.kind] ?? '!Not restored.');
    seeOther(res, result.kind === 'live' ? `/admin/entries/${id}` : `/admin/entries/${id}/history`);
  };

  return { list, show, save, newForm, create, history, restore };
}
