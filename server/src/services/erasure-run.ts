/**
 * An erasure carried out end to end, for the routes that erase (directly, or a filed request):
 * erased, receipted and audited in one transaction under the tenant's lock, then, once committed,
 * cleared from the database files' older copies too.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Principal } from '../plugins/app/auth';
import { type Erased, eraseWithReceipt } from './erasure-requests';

/** Why the files may still hold what was erased, for the operator's log. */
function leftoverWarning(app: FastifyInstance) {
  return `erasure committed, but ${app.db.dialect === 'postgres' ? 'customer_keys could not be rewritten (a lock or an older snapshot held it): its pages may keep the key row until the next erasure or VACUUM (FULL) customer_keys' : 'the SQLite WAL could not be truncated (another reader): it still holds erased pages until the next checkpoint'}`;
}

/**
 * Erases `customerId` and returns the receipt with `clean`: false when the files' older copies could
 * not be cleared (logged as a warning on `log`, naming `fromRequest` or else the customer). A repeat answers
 * with the stored receipt and audits nothing. `fromRequest`: the filed request being carried out; its audit
 * entry then names the request.
 */
export async function runErasure(
  app: FastifyInstance,
  who: Principal,
  customerId: string,
  log: FastifyBaseLogger,
  fromRequest?: string,
): Promise<Erased & { clean: boolean }> {
  const { tenantId, userId } = who;
  const done = await app.repos.inCustomersChange(tenantId, async () => {
    const done = await eraseWithReceipt(app, who, customerId);
    if (done.fresh)
      await app.repos.audit.record(tenantId, userId, 'customer.erase', `customer:${customerId}`, {
        logEntryId: done.logEntry.id,
        seq: done.logEntry.seq,
        ...(fromRequest !== undefined && { requestId: done.request.id }),
      });
    return done;
  });
  // Committed: now out of the files' older copies too.
  const clean = !done.fresh || (await app.db.afterErasure());
  if (!clean) log.warn(fromRequest !== undefined ? { requestId: fromRequest } : { customerId }, leftoverWarning(app));
  return { ...done, clean };
}
