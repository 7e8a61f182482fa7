/**
 * Whom one erasure covers. A merge said two records are one person, so erasure follows it:
 * erasing a record erases every record still merged into it (their data now lives in it, and
 * their own rows keep their name), down any chain of merges. Erasing a record that is itself
 * merged into another erases what moved from it (its identities, events, tickets: listed in the
 * merge) wherever that now sits, but not the other record's own data: that record may hold more
 * than this person's, and an admin erases it by name if the request covers it.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Query, Tables } from '../../db/database';
import type { customerMerges as CustomerMerges } from '../../db/schema.sqlite';

export interface ErasureScope {
  /** The records erased outright: the one named and every one merged into it, at any depth. */
  customers: string[];
  /** Every merge either side of which is erased: its history is scrubbed and it can never be undone. */
  merges: (typeof CustomerMerges.$inferSelect)[];
}

export async function erasureScope(tx: Query, t: Tables, tenantId: string, customerId: string): Promise<ErasureScope> {
  const { customerMerges } = t;
  const group = new Set([customerId]);
  let frontier = [customerId];
  while (frontier.length) {
    const merged = await tx
      .select({ from: customerMerges.fromCustomer })
      .from(customerMerges)
      .where(and(eq(customerMerges.tenantId, tenantId), inArray(customerMerges.intoCustomer, frontier), isNull(customerMerges.unmergedAt)));
    frontier = merged.map((m) => m.from).filter((id) => !group.has(id));
    for (const id of frontier) group.add(id);
  }
  const customers = [...group];
  const [asFrom, asInto] = await Promise.all([
    tx
      .select()
      .from(customerMerges)
      .where(and(eq(customerMerges.tenantId, tenantId), inArray(customerMerges.fromCustomer, customers))),
    tx
      .select()
      .from(customerMerges)
      .where(and(eq(customerMerges.tenantId, tenantId), inArray(customerMerges.intoCustomer, customers))),
  ]);
  const merges = [...new Map([...asFrom, ...asInto].map((m) => [m.id, m])).values()];
  return { customers, merges };
}
