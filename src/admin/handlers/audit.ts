/** The whole audit log (admins). */
import { query, sendPage } from '../http-util';
import { frameFor, type AdminServices, type SignedInHandler } from '../context';
import { auditPage } from '../pages/audit';

const PAGE_SIZE = 50;

export function auditHandlers(services: AdminServices) {
  const show: SignedInHandler = async (req, res, visitor) => {
    const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(query(req, 'offset'), 10) || 0));
    const [records, total] = await Promise.all([services.audit.recent(PAGE_SIZE, offset), services.audit.count()]);
    sendPage(res, 200, auditPage(await frameFor(services, visitor, { takeFlash: true }), records, { offset, size: PAGE_SIZE, total }));
  };
  return { show };
}
