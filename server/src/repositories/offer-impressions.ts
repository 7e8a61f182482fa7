import { and, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Database } from '../db/database';

export interface NewImpression {
  offerId: string;
  action: string | null;
  amountCents: number | null;
  mode: string;
}

/**
 * Which offers were shown in which interaction (first time only), and what the QA report of
 * suggested offers reads beside them: the period's outcomes and the grants made in those interactions.
 */
export function createOfferImpressionsRepository(db: Database) {
  const { offerImpressions, offerOutcomes, grants } = db.t;
  const shownIn = (tenantId: string, from: number, to: number) =>
    and(eq(offerImpressions.tenantId, tenantId), gte(offerImpressions.firstShownAt, from), lt(offerImpressions.firstShownAt, to));
  /** What this agent was shown in one interaction (or contact). */
  const shownTo = (tenantId: string, userId: string, interactionId: string) =>
    and(eq(offerImpressions.tenantId, tenantId), eq(offerImpressions.interactionId, interactionId), eq(offerImpressions.userId, userId));
  return {
    /** Insert-or-ignore: asked again in the same interaction, an offer keeps its first showing. */
    async record(tenantId: string, who: { interactionId: string; userId: string; customerId: string }, shown: NewImpression[], at: number) {
      if (!shown.length) return;
      // Through tx although one statement: on SQLite a write outside would join whichever transaction is open.
      await db.tx((tx) =>
        tx
          .insert(offerImpressions)
          .values(shown.map((s) => ({ tenantId, ...who, ...s, firstShownAt: at })))
          .onConflictDoNothing({ target: [offerImpressions.tenantId, offerImpressions.interactionId, offerImpressions.offerId] }),
      );
    },

    /** Whether this offer was shown to this agent in the interaction (a contact, or a REST caller's day with the customer). */
    async wasShown(tenantId: string, userId: string, interactionId: string, offerId: string): Promise<boolean> {
      const [row] = await db.q
        .select({ offerId: offerImpressions.offerId })
        .from(offerImpressions)
        .where(and(shownTo(tenantId, userId, interactionId), eq(offerImpressions.offerId, offerId)))
        .limit(1);
      return !!row;
    },

    /** The offers shown in one interaction of this agent's, first shown first: what its resolution may imply answers to. */
    async inInteraction(tenantId: string, userId: string, interactionId: string) {
      return db.q
        .select({ offerId: offerImpressions.offerId, action: offerImpressions.action, amountCents: offerImpressions.amountCents })
        .from(offerImpressions)
        .where(shownTo(tenantId, userId, interactionId))
        .orderBy(offerImpressions.firstShownAt, offerImpressions.offerId);
    },

    /** The offers first shown in the period. */
    async shown(tenantId: string, from: number, to: number) {
      return db.q
        .select({
          interactionId: offerImpressions.interactionId,
          offerId: offerImpressions.offerId,
          userId: offerImpressions.userId,
          action: offerImpressions.action,
          amountCents: offerImpressions.amountCents,
          mode: offerImpressions.mode,
        })
        .from(offerImpressions)
        .where(shownIn(tenantId, from, to));
    },

    /** The answers customers gave in the period, wherever the offer was shown (the REST route needs no interaction). */
    async outcomes(tenantId: string, from: number, to: number) {
      return db.q
        .select({ offerId: offerOutcomes.offerId, accepted: offerOutcomes.accepted, userId: offerOutcomes.userId })
        .from(offerOutcomes)
        .where(and(eq(offerOutcomes.tenantId, tenantId), gte(offerOutcomes.occurredAt, from), lt(offerOutcomes.occurredAt, to)));
    },

    /** Grants made in the interactions whose offers were first shown in the period, oldest first. */
    async grantsWhereShown(tenantId: string, from: number, to: number) {
      const interactions = db.q
        .selectDistinct({ id: offerImpressions.interactionId })
        .from(offerImpressions)
        .where(shownIn(tenantId, from, to));
      return db.q
        .select({
          interactionId: grants.interactionId,
          userId: grants.userId,
          team: grants.team,
          action: grants.action,
          amountCents: grants.amountCents,
          createdAt: grants.createdAt,
        })
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), isNotNull(grants.interactionId), inArray(grants.interactionId, interactions)))
        .orderBy(grants.createdAt, grants.id);
    },
  };
}
export type OfferImpressionsRepository = ReturnType<typeof createOfferImpressionsRepository>;
