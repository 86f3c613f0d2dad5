/**
 * `GET /admin/entries/:id/history` and `POST /admin/entries/:id/restore`: every change of an entry from
 * the audit log, and putting back the version before or after one of them.
 */
import type { ChangeResult } from '../knowledge-editor';
import { ENTRY_ID } from '../../knowledge/schema';
import { dateTime, field, seeOther, sendPage } from '../http-util';
import { flash, frameFor, type AdminServices, type SignedInHandler } from '../context';
import { historyPage } from '../pages/history';
import { entryNotFound, problemLines } from './entry-shared';

export function entryHistoryHandlers(services: AdminServices): { show: SignedInHandler; restore: SignedInHandler } {
  const { editor } = services;

  const show: SignedInHandler = async (req, res, visitor) => {
    const id = String(req.params.id ?? '');
    if (!ENTRY_ID.test(id)) return await entryNotFound(services, res, visitor, id);
    const records = await services.audit.forEntry(id);
    const stored = await editor.read(id);
    // A deleted entry still has its history.
    if (!stored && records.length === 0) return await entryNotFound(services, res, visitor, id);
    sendPage(res, 200, historyPage(await frameFor(services, visitor, { takeFlash: true }), id, stored && { source: stored.source, version: stored.version }, records));
  };

  const restore: SignedInHandler = async (req, res, visitor) => {
    const id = String(req.params.id ?? '');
    if (!ENTRY_ID.test(id)) return await entryNotFound(services, res, visitor, id);
    const record = await services.audit.get(Number(field(req, 'audit')));
    const which = field(req, 'which') === 'before' ? 'before' : 'after';
    if (!record || record.entryId !== id) return await entryNotFound(services, res, visitor, id);
    const content = record[which];
    if (content === null) return await entryNotFound(services, res, visitor, id);
    const result = await editor.submit({ id, content, baseVersion: field(req, 'version'), action: 'restore', author: visitor.user });
    const when = dateTime(record.at);
    const messages: Partial<Record<ChangeResult['kind'], string>> = {
      live: `Restored the version ${which === 'after' ? 'saved' : 'from before the change'} at ${when}. The bot uses it now.`,
      pending: 'The restore is waiting for a reviewer.',
      unchanged: 'That version is the current one already.',
      conflict: '!Not restored: the entry changed after you opened its history. Look at it again.',
      invalid: `!Not restored: that version is not valid with today's knowledge base: ${result.kind === 'invalid' ? problemLines(result.problems).join('; ') : ''}`,
    };
    await flash(services, visitor, messages[result.kind] ?? '!Not restored.');
    seeOther(res, result.kind === 'live' ? `/admin/entries/${id}` : `/admin/entries/${id}/history`);
  };

  return { show, restore };
}
