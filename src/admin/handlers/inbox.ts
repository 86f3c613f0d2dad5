/** The inbox of unanswered questions: grouped view, add as phrasing, dismiss. */
import { isLanguage, type Language } from '../../knowledge/languages';
import type { InboxStatus } from '../../storage/inbox-store';
import { normalise } from '../../search/normalise';
import { formatProblem } from '../../knowledge/problems';
import { field, parseIds, query, seeOther, sendPage } from '../http-util';
import { applyChanges } from '../entry-yaml';
import { groupInbox } from '../inbox-groups';
import { flash, frameFor, type AdminServices, type SignedInHandler } from '../context';
import { inboxPage } from '../pages/inbox';

const STATUSES: readonly InboxStatus[] = ['open', 'added', 'dismissed'];

export function inboxHandlers(services: AdminServices) {
  const { deps, editor } = services;

  const { inbox } = services;
  const openItems = async (idsText: string) => (await Promise.all(parseIds(idsText).map((id) => inbox.get(id)))).flatMap((i) => (i !== undefined && i.status === 'open' ? [i] : []));

  const show: SignedInHandler = async (req, res, visitor) => {
    const status = (STATUSES as readonly string[]).includes(query(req, 'status')) ? (query(req, 'status') as InboxStatus) : 'open';
    const [items, open, added, dismissed] = await Promise.all([inbox.list(status, 2000), inbox.count('open'), inbox.count('added'), inbox.count('dismissed')]);
    sendPage(
      res,
      200,
      inboxPage(await frameFor(services, visitor, { takeFlash: true }), {
        status,
        groups: groupInbox(items, deps.search()),
        counts: { open, added, dismissed },
        entryIds: deps.knowledge.current().entries.map((e) => e.id),
        retentionDays: deps.retentionDays,
      }),
    );
  };

  const addPhrasing: SignedInHandler = async (req, res, visitor) => {
    const back = () => seeOther(res, '/admin/inbox');
    const items = await openItems(field(req, 'ids'));
    if (items.length === 0) {
      await flash(services, visitor, '!These questions were handled already.');
      return back();
    }
    const entryId = field(req, 'entry').trim();
    const language: Language = isLanguage(field(req, 'language')) ? (field(req, 'language') as Language) : items[0]!.language;
    const text = field(req, 'text').replace(/\s+/g, ' ').trim();
    if (!deps.knowledge.current().has(entryId)) {
      await flash(services, visitor, `!Not added: no entry has the id "${entryId}". Pick one from the list.`);
      return back();
    }
    if (!text || [...text].length > 300) {
      await flash(services, visitor, '!Not added: a way of asking has 1 to 300 characters.');
      return back();
    }
    const stored = await editor.read(entryId);
    if (!stored?.entry) {
      await flash(services, visitor, `!Not added: the file of ${entryId} cannot be read.`);
      return back();
    }
    const existing = stored.entry.questions[language] ?? [];
    const ids = items.map((i) => i.id);
    if (existing.some((q) => normalise(q) === normalise(text))) {
      await inbox.setStatus(ids, 'added');
      await flash(services, visitor, `“${text}” is already a way of asking ${entryId}; the questions are marked as handled.`);
      return back();
    }
    const content = applyChanges(stored.source, [{ path: ['questions', language], value: [...existing, text] }]);
    const result = await editor.submit({ id: entryId, content, baseVersion: stored.version, action: 'add-phrasing', author: visitor.user, inboxIds: ids });
    switch (result.kind) {
      case 'live':
        await flash(services, visitor, `Added “${text}” to ${entryId} (${language}). The bot finds it from now on.`);
        break;
      case 'pending':
        await flash(services, visitor, `Added “${text}” to ${entryId} for review: the bot finds it once a reviewer approves.`);
        break;
      case 'invalid':
        await flash(services, visitor, `!Not added: ${result.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p).replace(/^[^:]+:\d+: /, '')).join('; ')}`);
        break;
      default:
        await flash(services, visitor, '!Not added: the entry changed at the same moment. Please try again.');
    }
    back();
  };

  const dismiss: SignedInHandler = async (req, res, visitor) => {
    const ids = (await openItems(field(req, 'ids'))).map((i) => i.id);
    const n = await inbox.setStatus(ids, 'dismissed');
    await flash(services, visitor, n ? `Dismissed ${n === 1 ? 'a question' : `${n} questions`}.` : '!These questions were handled already.');
    seeOther(res, '/admin/inbox');
  };

  return { show, addPhrasing, dismiss };
}
