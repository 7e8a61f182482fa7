import { and, desc, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { tenantLock, type Database } from '../../db/database';
import { EXPORT_PAGE, olderThan } from './shared';

/** QA reviews: one per resolution. */
export function createQaReviews(db: Database) {
  const { qaPicks, qaReviews } = db.t;
  return {
    /* reviews */
    review: async (tenantId: string, id: string) =>
      (
        await db.q
          .select()
          .from(qaReviews)
          .where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.id, id)))
          .limit(1)
      )[0] ?? null,
    reviewOf: async (tenantId: string, resolutionId: string) =>
      (
        await db.q
          .select()
          .from(qaReviews)
          .where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.resolutionId, resolutionId)))
          .limit(1)
      )[0] ?? null,
    async reviews(tenantId: string, agentId?: string) {
      const where = agentId ? and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.agentId, agentId)) : eq(qaReviews.tenantId, tenantId);
      return db.q.select().from(qaReviews).where(where).orderBy(desc(qaReviews.createdAt)).limit(1000);
    },
    /** Every review (an agent's only, when given), newest first, a page at a time: an export never holds them all. */
    async *allReviews(tenantId: string, agentId?: string) {
      let after: { at: number; id: string } | null = null;
      for (;;) {
        const rows = await db.q
          .select()
          .from(qaReviews)
          .where(
            and(
              eq(qaReviews.tenantId, tenantId),
              agentId ? eq(qaReviews.agentId, agentId) : undefined,
              after ? olderThan(qaReviews, after) : undefined,
            ),
          )
          .orderBy(desc(qaReviews.createdAt), desc(qaReviews.id))
          .limit(EXPORT_PAGE);
        yield* rows;
        if (rows.length < EXPORT_PAGE) return;
        after = { at: rows.at(-1)!.createdAt, id: rows.at(-1)!.id };
      }
    },
    /** One review per resolution: a second attempt finds the first (unique index), never a duplicate. */
    async createReview(tenantId: string, r: Omit<typeof qaReviews.$inferInsert, 'id' | 'tenantId' | 'status' | 'createdAt' | 'updatedAt'>) {
      return db.tx(
        async (tx) => {
          const now = Date.now();
          const [created] = await tx
            .insert(qaReviews)
            .values({ ...r, id: randomUUID(), tenantId, status: 'final', createdAt: now, updatedAt: now })
            .onConflictDoNothing()
            .returning();
          if (!created) {
            const [existing] = await tx
              .select()
              .from(qaReviews)
              .where(and(eq(qaReviews.tenantId, tenantId), eq(qaReviews.resolutionId, r.resolutionId)))
              .limit(1);
            return { created: false as const, review: existing! };
          }
          await tx
            .update(qaPicks)
            .set({ reviewId: created.id })
            .where(and(eq(qaPicks.tenantId, tenantId), eq(qaPicks.resolutionId, r.resolutionId)));
          return { created: true as const, review: created };
        },
        { lock: tenantLock(tenantId) },
      );
    },
  };
}
