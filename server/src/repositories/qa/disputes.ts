import { and, desc, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { UserError } from '../../errors';
import { tenantLock, type Database } from '../../db/database';
import { IN_CHUNK, EXPORT_PAGE, olderThan, type Settled } from './shared';

/** Disputes of final reviews, their decisions and trail. */
export function createQaDisputes(db: Database) {
  const { qaDisputeEvents, qaDisputes, qaReviews } = db.t;
  const reviewById = async (id: string) => (await db.q.select().from(qaReviews).where(eq(qaReviews.id, id)).limit(1))[0]!;
  const disputeById = async (id: string) => (await db.q.select().from(qaDisputes).where(eq(qaDisputes.id, id)).limit(1))[0]!;

  return {
    /* disputes */
    dispute: async (tenantId: string, id: string) =>
      (
        await db.q
          .select()
          .from(qaDisputes)
          .where(and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.id, id)))
          .limit(1)
      )[0] ?? null,
    async disputes(tenantId: string, agentId?: string) {
      const where = agentId ? and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.agentId, agentId)) : eq(qaDisputes.tenantId, tenantId);
      return db.q.select().from(qaDisputes).where(where).orderBy(desc(qaDisputes.createdAt)).limit(500);
    },
    /** Every dispute (an agent's only, when given), newest first, a page at a time, each with its review's resolution and reviewer. */
    async *allDisputes(tenantId: string, agentId?: string) {
      let after: { at: number; id: string } | null = null;
      for (;;) {
        const rows = await db.q
          .select({ dispute: qaDisputes, resolutionId: qaReviews.resolutionId, reviewerId: qaReviews.reviewerId })
          .from(qaDisputes)
          .leftJoin(qaReviews, and(eq(qaReviews.tenantId, qaDisputes.tenantId), eq(qaReviews.id, qaDisputes.reviewId)))
          .where(
            and(
              eq(qaDisputes.tenantId, tenantId),
              agentId ? eq(qaDisputes.agentId, agentId) : undefined,
              after ? olderThan(qaDisputes, after) : undefined,
            ),
          )
          .orderBy(desc(qaDisputes.createdAt), desc(qaDisputes.id))
          .limit(EXPORT_PAGE);
        yield* rows;
        if (rows.length < EXPORT_PAGE) return;
        after = { at: rows.at(-1)!.dispute.createdAt, id: rows.at(-1)!.dispute.id };
      }
    },
    async trail(disputeIds: string[]) {
      const out: (typeof qaDisputeEvents.$inferSelect)[] = [];
      for (let i = 0; i < disputeIds.length; i += IN_CHUNK) {
        out.push(
          ...(await db.q
            .select()
            .from(qaDisputeEvents)
            .where(inArray(qaDisputeEvents.disputeId, disputeIds.slice(i, i + IN_CHUNK)))),
        );
      }
      return out.sort((a, b) => a.at - b.at || a.id - b.id);
    },
    /** Disputes a final review once: the first wins, a second (or one after a decision) is refused with 409. */
    async openDispute(tenantId: string, review: typeof qaReviews.$inferSelect, agentId: string, criteria: string[], reason: string) {
      return db.tx(
        async (tx) => {
          const now = Date.now();
          // Decided in the write itself: only a review still final becomes disputed.
          const [taken] = await tx
            .update(qaReviews)
            .set({ status: 'disputed', updatedAt: now })
            .where(and(eq(qaReviews.id, review.id), eq(qaReviews.tenantId, tenantId), eq(qaReviews.status, 'final')))
            .returning({ id: qaReviews.id, scores: qaReviews.scores });
          if (!taken) {
            const [current] = await tx
              .select({ status: qaReviews.status })
              .from(qaReviews)
              .where(and(eq(qaReviews.id, review.id), eq(qaReviews.tenantId, tenantId)))
              .limit(1);
            throw new UserError(
              409,
              current?.status === 'disputed' ? 'This review is already disputed' : 'This review was already decided after a dispute',
            );
          }
          const id = randomUUID();
          await tx
            .insert(qaDisputes)
            .values({ id, tenantId, reviewId: review.id, agentId, criteria, reason, status: 'open', createdAt: now });
          await tx.insert(qaDisputeEvents).values({
            disputeId: id,
            at: now,
            kind: 'raised',
            userId: agentId,
            message: reason,
            detail: { criteria, scores: taken.scores },
          });
          return disputeById(id);
        },
        { lock: tenantLock(tenantId) },
      );
    },
    /** Decides an open dispute once: the first decision wins, a second finds it decided. */
    async settleDispute(tenantId: string, disputeId: string, by: string, outcome: 'upheld' | 'amended', note: string, amended?: Settled) {
      return db.tx(
        async (tx) => {
          const [d] = await tx
            .select()
            .from(qaDisputes)
            .where(and(eq(qaDisputes.tenantId, tenantId), eq(qaDisputes.id, disputeId)))
            .limit(1);
          if (d?.status !== 'open') return null;
          const review = await reviewById(d.reviewId);
          const now = Date.now();
          const decided = await tx
            .update(qaDisputes)
            .set({ status: outcome, decidedBy: by, decisionNote: note, decidedAt: now })
            .where(and(eq(qaDisputes.id, d.id), eq(qaDisputes.status, 'open')))
            .returning({ id: qaDisputes.id });
          if (decided.length === 0) return null;
          await tx
            .update(qaReviews)
            .set({ status: outcome, updatedAt: now, ...(amended ? { scores: amended.scores, quality: amended.quality } : {}) })
            .where(eq(qaReviews.id, review.id));
          await tx.insert(qaDisputeEvents).values({
            disputeId: d.id,
            at: now,
            kind: outcome,
            userId: by,
            message: note,
            detail: { before: { scores: review.scores, quality: review.quality }, after: amended ?? null },
          });
          return disputeById(d.id);
        },
        { lock: tenantLock(tenantId) },
      );
    },
  };
}
