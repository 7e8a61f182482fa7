/**
 * Erasure on next best action (scrub.ts): what the customer answered to offers is about them, so
 * their outcomes go. The tallies they were counted in stay: counts per segment, naming no one.
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
