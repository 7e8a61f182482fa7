import { customersLock, type Database, type TxLock, tenantLock } from '../db/database';

/**
 * Atomicity across repositories, for routes and services that must not hold the db. Every repository
 * call made inside `fn` joins the transaction (db.tx's scope), and a call made inside another one joins
 * that one, so a service's transaction and its caller's are one.
 *
 * The doors differ by what they serialise against, because each lock has a cost: `inTenantTransaction`
 * against every other writer of the tenant's budgets, log chain, versions, erasures and merges (a
 * PostgreSQL advisory lock; SQLite serialises all writers anyway), which those flows need;
 * `inCustomersChange` also against ingest (an erasure or merge removes or moves customers events
 * land on); `transaction` only makes the writes land together (a sign-in and its session, a setting
 * and its audit entry) without queueing behind the tenant's other work.
 */
export function createTransactions(db: Database) {
  return {
    /** `lock`: a narrower resource to serialise on instead of the whole tenant (one tenant's helpdesk host list). */
    transaction: <T>(fn: () => Promise<T>, opts?: { lock?: string }): Promise<T> => db.tx(() => fn(), opts),
    /**
     * A tenant setting and its audit entry, serialised per tenant and setting: the entry's "from" is
     * what this change replaced, even when two admins save at once (PostgreSQL reads committed).
     */
    inSettingChange: <T>(tenantId: string, setting: string, fn: () => Promise<T>): Promise<T> =>
      db.tx(() => fn(), { lock: `settings:${setting}:${tenantId}` }),
    inTenantTransaction: <T>(tenantId: string, fn: () => Promise<T>): Promise<T> => db.tx(() => fn(), { lock: tenantLock(tenantId) }),
    inCustomersChange: <T>(tenantId: string, fn: () => Promise<T>): Promise<T> =>
      db.tx(() => fn(), { lock: tenantLock(tenantId), locks: [{ key: customersLock(tenantId) }] }),
    /** Inside one of the above: locks known only once the transaction has read something (db.takeLocks). */
    takeLocks: (locks: TxLock[]): Promise<void> => db.takeLocks(locks),
  };
}
