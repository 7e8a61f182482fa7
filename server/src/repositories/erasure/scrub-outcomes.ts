/**
 * Erasure on next best action (scrub.ts): what the customer answered to offers, and which offers
 * they were shown, is about them, so both go. The tallies they were counted in stay: counts per segment, naming no one.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Query, Tables } from '../../db/database';

export async function deleteOfferOutcomes(tx: Query, t: Tables, tenantId: string, customerIds: string[]) {
  const { offerOutcomes } = t;
  return tx
    .delete(offerOutcomes)
    .where(and(eq(offerOutcomes.tenantId, tenantId), inArray(offerOutcomes.customerId, customerIds)))
    .returning({ id: offerOutcomes.id });
}

/** Which offers they were shown goes too: it was chosen from what the server knew about them. */
export async function deleteOfferImpressions(tx: Query, t: Tables, tenantId: string, customerIds: string[]) {
  const { offerImpressions } = t;
  return tx
    .delete(offerImpressions)
    .where(and(eq(offerImpressions.tenantId, tenantId), inArray(offerImpressions.customerId, customerIds)))
    .returning({ interactionId: offerImpressions.interactionId, offerId: offerImpressions.offerId });
}

/** Both, as rows by key per table for the erasure's receipt. */
export async function deleteOfferRows(
  tx: Query,
  t: Tables,
  tenantId: string,
  customerIds: string[],
): Promise<[string, { id: string }[]][]> {
  const impressions = await deleteOfferImpressions(tx, t, tenantId, customerIds);
  return [
    ['offer_outcomes', await deleteOfferOutcomes(tx, t, tenantId, customerIds)],
    ['offer_impressions', impressions.map((r) => ({ id: `${r.interactionId}:${r.offerId}` }))],
  ];
}
