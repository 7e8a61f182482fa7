/**
 * Erasure of a customer's personal data on request: every place it can be is scrubbed
 * (repositories/erasure/scrub.ts), following merges (repositories/erasure/scope.ts), the log keys of every record erased
 * are destroyed (their sealed log fields become unreadable), and the erasure itself is logged.
 * The log still verifies. After the commit, `db.afterErasure()` makes the deletions physical.
 */
import type { FastifyInstance } from 'fastify';
import type { LogReceipt } from '@shared/schemas/resolutions';
import { customersLock, tenantLock } from '../db/database';
import { notFound } from '../errors';
import { serverKey } from '../idempotency';
import type { ErasedCounts } from '../repositories/erasure';
import type { Principal } from '../plugins/app/auth';

/** What the receipt says was erased: names of places, never values. */
const ERASURE_SCOPE = [
  'profile',
  'identities',
  'identity conflicts',
  'merge history',
  'events',
  'tickets',
  'conversation scores',
  'exception notes',
  'QA comments',
  'audit details',
  'log personal fields',
];

/** The erasure's log entry, and what it changed where (for the request's receipt): ids and counts, no values. */
export interface ErasureOutcome {
  log: LogReceipt;
  counts: ErasedCounts;
  customers: string[];
  merges: string[];
  erasedAt: number;
}

export async function eraseCustomer(app: FastifyInstance, who: Principal, customerId: string): Promise<ErasureOutcome> {
  const db = app.db;
  const { customers, erasure, log } = app.repos;
  const now = Date.now();
  // One transaction under the tenant's lock (the log's): scrubbed, key destroyed and logged together, or not at all.
  return db.tx(
    async () => {
      if (!(await customers.exists(who.tenantId, customerId))) throw notFound('No such customer in your tenant');
      const scope = await erasure.scope(who.tenantId, customerId);
      const counts = await erasure.scrub(who.tenantId, scope, now);
      for (const id of scope.customers) await log.destroyKey(who.tenantId, id);
      // Keyed by customer: a retried request finds the record rather than doubling it.
      const entry = await log.append(who.tenantId, {
        idempotencyKey: serverKey('erasure', customerId),
        kind: 'erasure',
        customerId,
        agentId: who.userId,
        data: {
          erasedAt: new Date(now).toISOString(),
          scope: ERASURE_SCOPE,
          customers: scope.customers,
          merges: scope.merges.map((m) => m.id),
        },
      });
      return { log: entry, counts, customers: scope.customers, merges: scope.merges.map((m) => m.id), erasedAt: now };
    },
    { lock: tenantLock(who.tenantId), locks: [{ key: customersLock(who.tenantId) }] },
  );
}
