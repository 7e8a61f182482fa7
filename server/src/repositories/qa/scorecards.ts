import { and, asc, count, desc, eq, gte, lt } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Criterion } from '@shared/qa/scorecard';
import { tenantLock, type Database } from '../../db/database';

/** Scorecards (versioned) and the queues of resolutions picked for review. */
export function createQaScorecards(db: Database) {
  const { qaPicks, qaQueues, qaReviews, qaScorecards } = db.t;
  return {
    /* scorecards */
    async scorecard(tenantId: string, version?: number) {
      const q = db.q.select().from(qaScorecards);
      const [row] = await (version
        ? q.where(and(eq(qaScorecards.tenantId, tenantId), eq(qaScorecards.version, version))).limit(1)
        : q.where(eq(qaScorecards.tenantId, tenantId)).orderBy(desc(qaScorecards.version)).limit(1));
      return row ?? null;
    },
    scorecards: async (tenantId: string) =>
      db.q.select().from(qaScorecards).where(eq(qaScorecards.tenantId, tenantId)).orderBy(asc(qaScorecards.version)),
    /**
     * The next version: under the tenant's lock, two at once get n and n+1. With `ifNone`, only
     * when the tenant has none yet (else its current one): two first uses at once make one version 1.
     */
    async createScorecard(tenantId: string, criteria: Criterion[], note: string | null, createdBy: string, opts?: { ifNone?: boolean }) {
      return db.tx(
        async (tx) => {
          const [last] = await tx
            .select()
            .from(qaScorecards)
            .where(eq(qaScorecards.tenantId, tenantId))
            .orderBy(desc(qaScorecards.version))
            .limit(1);
          if (last && opts?.ifNone) return last;
          const row = { tenantId, version: (last?.version ?? 0) + 1, criteria, note, createdBy, createdAt: Date.now() };
          await tx.insert(qaScorecards).values(row);
          return row;
        },
        { lock: tenantLock(tenantId) },
      );
    },

    /* queues and picks */
    /** Ids already queued or reviewed in the tenant: never picked again by accident. */
    async takenIds(tenantId: string, from: number, to: number): Promise<Set<string>> {
      const picked = await db.q
        .select({ id: qaPicks.resolutionId })
        .from(qaPicks)
        .where(and(eq(qaPicks.tenantId, tenantId), gte(qaPicks.resolvedAt, from), lt(qaPicks.resolvedAt, to)));
      const reviewed = await db.q.select({ id: qaReviews.resolutionId }).from(qaReviews).where(eq(qaReviews.tenantId, tenantId));
      return new Set([...picked, ...reviewed].map((r) => r.id));
    },
    async createQueue(
      tenantId: string,
      q: { name: string; rules: unknown; fromAt: number; toAt: number; createdBy: string },
      picks: { resolutionId: string; agentId: string; why: string[]; resolvedAt: number }[],
    ) {
      const id = randomUUID();
      const now = Date.now();
      await db.tx(async (tx) => {
        await tx.insert(qaQueues).values({ id, tenantId, ...q, createdAt: now });
        // A concurrent build may have taken a resolution since we read: the primary key keeps the first.
        for (let i = 0; i < picks.length; i += 500) {
          await tx
            .insert(qaPicks)
            .values(picks.slice(i, i + 500).map((p) => ({ ...p, tenantId, queueId: id, pickedAt: now })))
            .onConflictDoNothing();
        }
      });
      return id;
    },
    /** Newest first, each with how many resolutions it picked and how many of them were reviewed. */
    queues: async (tenantId: string) =>
      db.q
        .select({
          id: qaQueues.id,
          name: qaQueues.name,
          fromAt: qaQueues.fromAt,
          toAt: qaQueues.toAt,
          createdAt: qaQueues.createdAt,
          picks: count(qaPicks.resolutionId),
          reviewed: count(qaPicks.reviewId),
        })
        .from(qaQueues)
        .leftJoin(qaPicks, and(eq(qaPicks.tenantId, qaQueues.tenantId), eq(qaPicks.queueId, qaQueues.id)))
        .where(eq(qaQueues.tenantId, tenantId))
        .groupBy(qaQueues.id)
        .orderBy(desc(qaQueues.createdAt)),
    queue: async (tenantId: string, id: string) =>
      (
        await db.q
          .select()
          .from(qaQueues)
          .where(and(eq(qaQueues.tenantId, tenantId), eq(qaQueues.id, id)))
          .limit(1)
      )[0] ?? null,
    picks: async (tenantId: string, queueId: string) =>
      db.q
        .select()
        .from(qaPicks)
        .where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.queueId, queueId)))
        .orderBy(asc(qaPicks.resolvedAt)),
    pick: async (tenantId: string, resolutionId: string) =>
      (
        await db.q
          .select()
          .from(qaPicks)
          .where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.resolutionId, resolutionId)))
          .limit(1)
      )[0] ?? null,
  };
}
