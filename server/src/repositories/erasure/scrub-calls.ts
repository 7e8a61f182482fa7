/** Erasure on calls (scrub.ts): the caller's number goes, on their calls and on calls from their numbers not matched to them. */
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Query, Tables } from '../../db/database';

export async function scrubCallers(tx: Query, t: Tables, tenantId: string, customerIds: string[], identityValues: string[]) {
  const { calls } = t;
  const numbers = identityValues.filter((v) => v.startsWith('+'));
  const theirs = inArray(calls.customerId, customerIds);
  return tx
    .update(calls)
    .set({ callerE164: null })
    .where(
      and(
        eq(calls.tenantId, tenantId),
        isNotNull(calls.callerE164),
        numbers.length ? or(theirs, inArray(calls.callerE164, numbers)) : theirs,
      ),
    )
    .returning();
}
