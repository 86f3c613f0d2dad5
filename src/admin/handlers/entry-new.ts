/**
 * `GET /admin/entries/new` and `POST /admin/entries/new`: a new entry, in every language at once, often
 * started from inbox questions (`?from=3,7`), which are marked answered when it is created.
 */
import { LANGUAGES } from '../../knowledge/languages';
import { SLUG_PATTERN, TOPICS } from '../../knowledge/schema';
import type { SafeHtml } from '../html';
import { field, lines, multiline, parseIds, query, seeOther, sendPage } from '../http-util';
import { serialiseNewEntry } from '../entry-yaml';
import { flash, frameFor, type AdminServices, type SignedInHandler } from '../context';
import { emptyNewEntry, newEntryPage, type NewEntryValues } from '../pages/new-entry';
import { changeOutcome, previewOf, relatedIds, today } from './entry-shared';

export function newEntryHandlers(services: AdminServices): { form: SignedInHandler; create: SignedInHandler } {
  const { editor } = services;

  const form: SignedInHandler = async (req, res, visitor) => {
    const values = emptyNewEntry();
    const from = (await Promise.all(parseIds(query(req, 'from')).map((n) => services.inbox.get(n)))).flatMap((item) =>
      item !== undefined && item.status === 'open' ? [item] : [],
    );
    for (const item of from) values.questions[item.language] = lines(`${values.questions[item.language]}\n${item.text}`).join('\n');
    values.from = from.map((i) => i.id).join(',');
    const suggested = from[0]?.answerId?.split('.')[0];
    if (suggested && (TOPICS as readonly string[]).includes(suggested)) values.topic = suggested;
    sendPage(res, 200, newEntryPage(await frameFor(services, visitor, { takeFlash: true }), values, { fromQuestions: from.map((i) => i.text) }));
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
    const frame = await frameFor(services, visitor);
    const previews = LANGUAGES.filter((l) => multiline(values.answer[l])).map((l) =>
      previewOf(services, l, multiline(values.answer[l]), lines(values.sources), today(services), relatedIds(values.related)),
    );
    const render = (status: number, error?: { title: string; items: Array<string | SafeHtml> }) =>
      sendPage(res, status, newEntryPage(frame, values, { previews, ...(error ? { error } : {}) }));
    // Any other button (Preview) shows the form again with the previews of what was typed.
    if (field(req, 'action') !== 'save') return render(200);

    const problems: string[] = [];
    if (!(TOPICS as readonly string[]).includes(values.topic)) problems.push('choose a topic');
    if (!SLUG_PATTERN.test(values.slug)) problems.push('the short name may only have lower-case letters a–z, digits and single dashes, e.g. driving-licence');
    if (problems.length) return render(422, { title: 'Not created: please fix these problems.', items: problems });
    const id = `${values.topic}.${values.slug}`;
    const day = today(services);
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
    const asked = await Promise.all(parseIds(values.from).map((n) => services.inbox.get(n)));
    const inboxIds = asked.flatMap((item) => (item?.status === 'open' ? [item.id] : []));
    const result = await editor.submit({ id, content, baseVersion: null, action: 'create', author: visitor.user, inboxIds });
    const done = changeOutcome(result, id);
    if (done.redirect) {
      await flash(services, visitor, result.kind === 'live' ? `Created ${id}. The bot answers with it now.` : done.flash);
      return seeOther(res, result.kind === 'live' ? `/admin/entries/${id}` : '/admin/entries');
    }
    return render(done.status, done.error);
  };

  return { form, create };
}
