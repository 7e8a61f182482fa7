/**
 * A reveal (a masked personal field in full) is bound to real work and counted: it must ride on
 * an interaction this connection opened for that customer, still open, from a helpdesk host the
 * tenant still pins; and one agent may make only the tenant's `reveals_per_hour` of them an hour.
 */
import type { FastifyInstance } from 'fastify';
import { UserError, forbidden } from '../errors';
import type { Principal } from '../plugins/app/auth';

export const HOUR = 3_600_000;
export const NOT_ON_SCREEN = 'Reveal is only for the customer on your screen';

/** The sentence a refused agent reads: how many, the limit, and when the next slot frees. */
export function limitMessage(used: number, limit: number, freesAt: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((freesAt - now) / 60_000));
  const at = new Date(freesAt).toISOString().slice(11, 16);
  return (
    `You have revealed ${used} personal field${used === 1 ? '' : 's'} in the last hour, and your organisation allows ${limit} an hour: ` +
    `you can reveal again at ${at} UTC (in ${minutes} minute${minutes === 1 ? '' : 's'}).`
  );
}

/**
 * `interactionIds`: the interactions this connection has open for `customerId` (the socket's own
 * record, so another connection's or another agent's never count). The check, the count and the
 * audit entry are one transaction under a per-agent lock: two reveals at once, in any process,
 * cannot both take the last slot, and a reveal is never served without its entry.
 */
export async function revealContact(
  app: FastifyInstance,
  who: Principal,
  interactionIds: string[],
  customerId: string,
  field: 'email' | 'phone',
): Promise<{ value: string | null }> {
  const { tenantId, userId } = who;
  if (!interactionIds.length) throw forbidden(NOT_ON_SCREEN);
  return app.db.tx(
    async () => {
      const bound = await app.repos.reveals.binding(tenantId, userId, customerId, interactionIds);
      // Open on this connection, but its ticket's host was unpinned since (or the row was closed): no longer real work.
      if (!bound)
        throw forbidden(
          `${NOT_ON_SCREEN}, on a ticket opened from one of your organisation's helpdesk addresses: reopen the ticket there to reveal`,
        );
      const now = Date.now();
      const limit = await app.repos.reveals.perHour(tenantId);
      const { used, oldestCounted } = await app.repos.reveals.usedSince(tenantId, userId, now - HOUR, limit);
      if (used >= limit) throw new UserError(429, limitMessage(used, limit, (oldestCounted ?? now) + HOUR, now));
      await app.repos.audit.record(tenantId, userId, 'pii.reveal', `customer:${customerId}`, { field, interactionId: bound.id });
      return { value: await app.repos.customers.contactValue(tenantId, customerId, field) };
    },
    { lock: `reveals:${tenantId}:${userId}` },
  );
}
