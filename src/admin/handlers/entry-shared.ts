/**
 * What the entry pages (entry-list, entry-edit, entry-new, entry-history) share: the 404 page, a file's
 * errors as lines, the reply preview's input, and what to tell the volunteer after a change.
 */
import type { Response } from 'express';
import type { Language } from '../../knowledge/languages';
import { formatProblem, type KnowledgeProblem } from '../../knowledge/problems';
import { entryLabel } from '../../assistant/compose';
import { html, type SafeHtml } from '../html';
import { dateTime, isoDay, sendPage } from '../http-util';
import type { ChangeResult } from '../knowledge-editor';
import type { PreviewInput } from '../preview';
import { frameFor, type AdminServices, type Visitor } from '../context';
import { messagePage } from '../pages/users';

/** Errors only, with the file name dropped: the volunteer is on that entry's page already. */
export const problemLines = (problems: readonly KnowledgeProblem[]): string[] =>
  problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p).replace(/^[^:]+:(\d+): /, 'line $1: '));

export const today = (services: AdminServices): string => isoDay(services.now());

export async function entryNotFound(services: AdminServices, res: Response, visitor: Visitor, id: string): Promise<void> {
  sendPage(res, 404, messagePage(await frameFor(services, visitor), 'No such entry', `There is no entry "${id}".`, { href: '/admin/entries', label: 'All entries' }));
}

/** The ids typed into the "related" field: separated by spaces or commas, each once. */
export const relatedIds = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/** What the preview shows: the answer as people will read it, with its follow-up buttons' labels. */
export function previewOf(services: AdminServices, language: Language, answer: string, sources: readonly string[], reviewed: string, related: readonly string[]): PreviewInput {
  const kb = services.deps.knowledge.current();
  const followUps = related
    .flatMap((id) => {
      const e = kb.get(id);
      return e ? [entryLabel(e, language)] : [];
    })
    .slice(0, 3);
  return { language, answer, sources, reviewed, followUps };
}

export type ChangeOutcome =
  | { redirect: true; flash: string }
  | { redirect: false; status: number; error: { title: string; items: Array<string | SafeHtml> } };

/** What to tell the volunteer after a change: a flash and redirect, or an error on the same form. */
export function changeOutcome(result: ChangeResult, id: string): ChangeOutcome {
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
}
