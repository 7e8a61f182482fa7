/**
 * Erasure of a customer's personal data on request: profile, identities, event contents and
 * ticket subjects are scrubbed, the customer's log key is destroyed (their sealed log fields
 * become unreadable), and the erasure itself is logged. The log still verifies.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { LogReceipt } from '../../../shared/schemas/resolutions';
import { tenantLock } from '../db/database';
import { notFound } from '../errors';
import { serverKey } from '../idempotency';
import type { Principal } from '../plugins/app/auth';

export async function eraseCustomer(app: FastifyInstance, who: Principal, customerId: string): Promise<LogReceipt> {
  const db = app.db;
  const { customers, events, identities, tickets } = db.t;
  const now = Date.now();
  // One transaction under the tenant's lock (the log's): scrubbed, key destroyed and logged together, or not at all.
  return db.tx(
    async (tx) => {
      const [c] = await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.id, customerId), eq(customers.tenantId, who.tenantId))).limit(1);
      if (!c) throw notFound('No such customer in your tenant');
      await tx.update(customers).set({ name: 'Erased customer', flags: [], erasedAt: now }).where(eq(customers.id, customerId));
      await tx.delete(identities).where(and(eq(identities.tenantId, who.tenantId), eq(identities.customerId, customerId)));
      await tx.update(events).set({ data: {} }).where(and(eq(events.tenantId, who.tenantId), eq(events.customerId, customerId)));
      await tx.update(tickets).set({ subject: null }).where(and(eq(tickets.tenantId, who.tenantId), eq(tickets.customerId, customerId)));
      await app.repos.log.destroyKey(who.tenantId, customerId);
      // Keyed by customer: a retried request finds the record rather than doubling it.
      return app.repos.log.append(who.tenantId, {
        idempotencyKey: serverKey('erasure', customerId),
        kind: 'erasure',
        customerId,
        agentId: who.userId,
        data: { erasedAt: new Date(now).toISOString(), scope: ['profile', 'identities', 'events', 'tickets', 'log personal fields'] },
      });
    },
    { lock: tenantLock(who.tenantId) },
  );
}
