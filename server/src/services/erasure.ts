/**
 * Erasure of a customer's personal data on request: profile, identities, event contents and
 * ticket subjects are scrubbed, the customer's log key is destroyed (their sealed log fields
 * become unreadable), and the erasure itself is logged. The log still verifies.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { LogReceipt } from '../../../shared/schemas/resolutions';
import { customers, events, identities, tickets } from '../db/schema.sqlite';
import { notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';

export async function eraseCustomer(app: FastifyInstance, who: Principal, customerId: string): Promise<LogReceipt> {
  const db = app.db.db;
  const now = Date.now();
  db.transaction((tx) => {
    const c = tx.select({ id: customers.id }).from(customers).where(and(eq(customers.id, customerId), eq(customers.tenantId, who.tenantId))).get();
    if (!c) throw notFound('No such customer in your tenant');
    tx.update(customers).set({ name: 'Erased customer', flags: [], erasedAt: now }).where(eq(customers.id, customerId)).run();
    tx.delete(identities).where(and(eq(identities.tenantId, who.tenantId), eq(identities.customerId, customerId))).run();
    tx.update(events).set({ data: {} }).where(and(eq(events.tenantId, who.tenantId), eq(events.customerId, customerId))).run();
    tx.update(tickets).set({ subject: null }).where(and(eq(tickets.tenantId, who.tenantId), eq(tickets.customerId, customerId))).run();
  });
  app.repos.log.destroyKey(who.tenantId, customerId);
  // Keyed by customer: a retried request completes the record rather than doubling it.
  return app.repos.log.append(who.tenantId, {
    idempotencyKey: `erasure:${customerId}`,
    kind: 'erasure',
    customerId,
    agentId: who.userId,
    data: { erasedAt: new Date(now).toISOString(), scope: ['profile', 'identities', 'events', 'tickets', 'log personal fields'] },
  });
}
