import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { OfferStats, Tally } from '@shared/nba/learn';
import type { Database } from '../db/database';

export interface NewOutcome {
  offerId: string;
  /** shared/nba/learn.ts segmentOf: the server's to say, from the customer as it knows them. */
  segment: string;
  accepted: boolean;
  /**
   * The interaction it was offered in, or over REST without one the day's contact
   * (services/recommendations.ts answerKey): one outcome per offer per key. Rows from before REST
   * answers had a key hold null.
   */
  interactionId: string;
  customerId: string;
  userId: string;
  occurredAt: number;
  /** The agent's mark, or implied by a grant the interaction's resolution cites (shared/nba/implied-outcomes.ts). */
  source: OutcomeSource;
}
export type OutcomeSource = 'agent' | 'resolution';

/**
 * What customers answered to offers: each outcome once, and the tallies the recommender learns
 * from (shared/nba/learn.ts), raised in the outcome's own transaction so the two always agree.
 */
export function createOfferStatsRepository(db: Database) {
  const { offerStats, offerOutcomes } = db.t;
  // Read for every recommendation: built once.
  const all = db.prepared('offerStats.all', (q) =>
    q
      .select({ offerId: offerStats.offerId, segment: offerStats.segment, accepted: offerStats.accepted, declined: offerStats.declined })
      .from(offerStats)
      .where(eq(offerStats.tenantId, sql.placeholder('tenantId'))),
  );
  return {
    /**
     * The customer's answers to the offers of one interaction, first recorded first: for its
     * resolution record, and to say which answer stands. By the interaction alone, as they are kept
     * once per interaction and offer: a customer merged since the first answer still finds it.
     */
    async outcomesOf(tenantId: string, interactionId: string): Promise<{ offerId: string; accepted: boolean; source: OutcomeSource }[]> {
      const rows = await db.q
        .select({ offerId: offerOutcomes.offerId, accepted: offerOutcomes.accepted, source: offerOutcomes.source })
        .from(offerOutcomes)
        .where(and(eq(offerOutcomes.tenantId, tenantId), eq(offerOutcomes.interactionId, interactionId)))
        .orderBy(asc(offerOutcomes.occurredAt), asc(offerOutcomes.offerId));
      return rows.map((r) => ({
        offerId: r.offerId,
        accepted: Boolean(r.accepted),
        source: r.source === 'resolution' ? 'resolution' : 'agent',
      }));
    },

    async stats(tenantId: string): Promise<OfferStats> {
      const bySegment = new Map<string, [string, Tally][]>();
      for (const r of await all({ tenantId })) {
        const list = bySegment.get(r.offerId) ?? bySegment.set(r.offerId, []).get(r.offerId)!;
        list.push([r.segment, { accepted: Number(r.accepted), declined: Number(r.declined) }]);
      }
      // fromEntries: an id or segment named like a prototype key ("__proto__") stays a plain own key.
      return Object.fromEntries([...bySegment].map(([offerId, tallies]) => [offerId, Object.fromEntries(tallies)]));
    },

    /**
     * Stores the outcome and counts it, together; 'duplicate' (nothing changed) when this
     * interaction already has one for this offer, however often or concurrently it is sent.
     */
    async recordOutcome(tenantId: string, o: NewOutcome): Promise<'stored' | 'duplicate'> {
      return db.tx(async (tx) => {
        // The unique index decides: a concurrent twin waits for the first to commit, then inserts nothing.
        const stored = await tx
          .insert(offerOutcomes)
          .values({ id: randomUUID(), tenantId, ...o })
          .onConflictDoNothing({ target: [offerOutcomes.tenantId, offerOutcomes.interactionId, offerOutcomes.offerId] })
          .returning({ id: offerOutcomes.id });
        if (!stored.length) return 'duplicate';
        const add = { accepted: o.accepted ? 1 : 0, declined: o.accepted ? 0 : 1 };
        // Raised in place, never read and written back: concurrent outcomes of one cell all count.
        await tx
          .insert(offerStats)
          .values({ tenantId, offerId: o.offerId, segment: o.segment, ...add })
          .onConflictDoUpdate({
            target: [offerStats.tenantId, offerStats.offerId, offerStats.segment],
            set: { accepted: sql`${offerStats.accepted} + ${add.accepted}`, declined: sql`${offerStats.declined} + ${add.declined}` },
          });
        return 'stored';
      });
    },
  };
}
export type OfferStatsRepository = ReturnType<typeof createOfferStatsRepository>;
