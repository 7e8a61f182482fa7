import { aliasedTable, and, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { CONTACT_WINDOW_MS } from './interactions';

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
  const { offerImpressions, offerOutcomes, grants, interactions } = db.t;
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

    /**
     * Grants made in the contacts whose offers were first shown in the period, oldest first, each
     * under its contact's id (impressions are kept per contact): a grant made after a reload, in a
     * new interaction of the same contact, still counts where the offers were shown. A contact's
     * interactions are the agent's openings of its ticket within the day after its first one
     * (services/contact.ts); one from before instances is its own contact.
     */
    async grantsWhereShown(tenantId: string, from: number, to: number) {
      const contacts = db.q
        .selectDistinct({ id: offerImpressions.interactionId })
        .from(offerImpressions)
        .where(shownIn(tenantId, from, to));
      const first = aliasedTable(interactions, 'contact_first');
      const made = aliasedTable(interactions, 'grant_made_in');
      const sameContact = or(
        eq(made.id, first.id),
        and(
          eq(made.tenantId, first.tenantId),
          eq(made.userId, first.userId),
          eq(made.helpdesk, first.helpdesk),
          eq(made.instance, first.instance),
          eq(made.ticketId, first.ticketId),
          gte(made.openedAt, first.openedAt),
          lte(made.openedAt, sql`${first.openedAt} + ${CONTACT_WINDOW_MS}`),
        ),
      );
      return db.q
        .select({
          interactionId: first.id,
          userId: grants.userId,
          team: grants.team,
          action: grants.action,
          amountCents: grants.amountCents,
          createdAt: grants.createdAt,
        })
        .from(first)
        .innerJoin(made, sameContact)
        .innerJoin(grants, and(eq(grants.tenantId, tenantId), eq(grants.interactionId, made.id)))
        .where(and(eq(first.tenantId, tenantId), inArray(first.id, contacts)))
        .orderBy(grants.createdAt, grants.id);
    },
  };
}
export type OfferImpressionsRepository = ReturnType<typeof createOfferImpressionsRepository>;
