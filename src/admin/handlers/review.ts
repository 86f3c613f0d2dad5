/** Reviewers approve or reject editors' changes (when REQUIRE_REVIEW=true). */
import { formatProblem } from '../../knowledge/problems';
import { seeOther, sendPage } from '../http-util';
import { unifiedDiff } from '../line-diff';
import { flash, frameFor, type AdminServices, type SignedInHandler } from '../context';
import { reviewPage, type ReviewItem } from '../pages/review';

export function reviewHandlers(services: AdminServices) {
  const { editor } = services;

  const show: SignedInHandler = async (_req, res, visitor) => {
    const items: ReviewItem[] = [];
    for (const change of await services.pending.open()) {
      const current = await editor.read(change.entryId);
      items.push({
        change,
        diff: unifiedDiff(current?.source ?? '', change.content, { a: current ? `${change.entryId} (now)` : '/dev/null', b: `${change.entryId} (proposed)` }),
        current: change.baseVersion === (current?.version ?? null),
      });
    }
    sendPage(res, 200, reviewPage(await frameFor(services, visitor, { takeFlash: true }), items));
  };

  const approve: SignedInHandler = async (req, res, visitor) => {
    const result = await editor.approve(Number(req.params.id), visitor.user);
    const messages: Record<string, string> = {
      live: 'Approved. The bot uses the change now.',
      unchanged: 'Approved; the entry already had this content.',
      gone: '!This change was decided already.',
      conflict: '!Not approved: the entry changed after this was proposed. Reject it and ask for it again.',
      exists: '!Not approved: an entry with this id exists now.',
      missing: '!Not approved: the entry no longer exists.',
    };
    const text =
      result.kind === 'invalid'
        ? `!Not approved: the change is not valid any more: ${result.problems.filter((p) => p.severity === 'error').map(formatProblem).join('; ')}`
        : (messages[result.kind] ?? 'Done.');
    await flash(services, visitor, text);
    seeOther(res, '/admin/review');
  };

  const reject: SignedInHandler = async (req, res, visitor) => {
    const rejected = await editor.reject(Number(req.params.id), visitor.user);
    await flash(services, visitor, rejected ? 'Rejected. Nothing changed in the knowledge base.' : '!This change was decided already.');
    seeOther(res, '/admin/review');
  };

  return { show, approve, reject };
}
