import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';

/**
 * What a customer's signals are computed from: their row's tier, flags, consent and summary, and
 * only those columns (the whole row took half as long again per read in the ingest bench, before
 * drizzle decoded the columns no push uses). One prepared read, for a push and for an event's
 * transaction, so both compute the signals from the same thing.
 */
export function prepareSignalParts(db: Database) {
  const { customers } = db.t;
  const read = db.prepared('customers.signalParts', (q) =>
    q
      .select({ tier: customers.tier, flags: customers.flags, consent: customers.consent, signalSummary: customers.signalSummary })
      .from(customers)
      .where(and(eq(customers.tenantId, sql.placeholder('tenantId')), eq(customers.id, sql.placeholder('customerId'))))
      .limit(1),
  );
  /** Null when the customer is not in the tenant. */
  return async (tenantId: string, customerId: string) => {
    const [row] = await read({ tenantId, customerId });
    return row ?? null;
  };
}

export type SignalParts = NonNullable<Awaited<ReturnType<ReturnType<typeof prepareSignalParts>>>>;
