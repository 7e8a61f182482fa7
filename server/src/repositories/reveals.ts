import { and, asc, count, countDistinct, desc, eq, gt, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '../db/database';

const REVEAL = 'pii.reveal';

/**
 * What a reveal is bound to and counted against: the agent's open interactions from pinned
 * hosts, the tenant's hourly limit, and the agent's `pii.reveal` audit entries (the audit log is
 * the one record of reveals, so the limit and the QA detector count exactly what auditors see).
 */
export function createRevealsRepository(db: Database) {
  const { auditLog, helpdeskHosts, interactions, tenants } = db.t;
  /** The tenant's limit (tenants.reveals_per_hour). */
  async function perHour(tenantId: string): Promise<number> {
    const [row] = await db.q.select({ n: tenants.revealsPerHour }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
    return row?.n ?? 60;
  }
  const revealsBy = (tenantId: string, userId: string) =>
    and(eq(auditLog.tenantId, tenantId), eq(auditLog.actorId, userId), eq(auditLog.action, REVEAL));

  return {
    /**
     * The newest of `interactionIds` that may carry a reveal of `customerId` by `userId`: theirs,
     * for that customer, still open, and opened from a host the tenant still pins. Null when none.
     */
    async binding(tenantId: string, userId: string, customerId: string, interactionIds: string[]) {
      if (!interactionIds.length) return null;
      const [row] = await db.q
        .select({ id: interactions.id, helpdesk: interactions.helpdesk, instance: interactions.instance, ticketId: interactions.ticketId })
        .from(interactions)
        .innerJoin(helpdeskHosts, and(eq(helpdeskHosts.tenantId, interactions.tenantId), eq(helpdeskHosts.host, interactions.instance)))
        .where(
          and(
            eq(interactions.tenantId, tenantId),
            inArray(interactions.id, interactionIds),
            eq(interactions.userId, userId),
            eq(interactions.customerId, customerId),
            isNull(interactions.closedAt),
          ),
        )
        .orderBy(desc(interactions.openedAt))
        .limit(1);
      return row ?? null;
    },

    perHour,

    /** Returns the value it replaced; call inside the transaction that audits the change. */
    async setPerHour(tenantId: string, limit: number): Promise<number> {
      return db.tx(async (tx) => {
        const before = await perHour(tenantId);
        await tx.update(tenants).set({ revealsPerHour: limit }).where(eq(tenants.id, tenantId));
        return before;
      });
    },

    /**
     * The agent's reveals after `since`, and, when they number `limit` or more, the time of the one
     * whose ageing out frees a slot (the oldest beyond what the limit allows).
     */
    async usedSince(
      tenantId: string,
      userId: string,
      since: number,
      limit: number,
    ): Promise<{ used: number; oldestCounted: number | null }> {
      const inWindow = and(revealsBy(tenantId, userId), gt(auditLog.at, since));
      const [{ used }] = (await db.q.select({ used: count() }).from(auditLog).where(inWindow)) as [{ used: number }];
      if (used < limit) return { used, oldestCounted: null };
      const [row] = await db.q
        .select({ at: auditLog.at })
        .from(auditLog)
        .where(inWindow)
        .orderBy(asc(auditLog.at), asc(auditLog.id))
        .limit(1)
        .offset(used - limit);
      return { used, oldestCounted: row?.at ?? null };
    },

    /** Reveals per agent in [from, to), with how many customers they were about: summed in the database, never listed. */
    async countsByAgent(tenantId: string, from: number, to: number): Promise<{ agentId: string; reveals: number; customers: number }[]> {
      return db.q
        .select({ agentId: auditLog.actorId, reveals: count(), customers: countDistinct(auditLog.target) })
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, REVEAL), gte(auditLog.at, from), lt(auditLog.at, to)))
        .groupBy(auditLog.actorId);
    },
  };
}
export type RevealsRepository = ReturnType<typeof createRevealsRepository>;
