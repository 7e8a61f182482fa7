import { and, eq, isNull } from 'drizzle-orm';
import { readCallerNumber } from '@shared/caller-number';
import type { CountryCode } from 'libphonenumber-js';
import type { Database } from '../../db/database';
import type { IdentityStore } from './identities';

/**
 * Who is calling, from the number telephony shows. A number two customers claim is a conflict
 * naming both, never one of them: the agent asks, and a supervisor settles the records. A
 * withheld number and one that reads as no number are said as such, for the agent to search.
 */
export type CallerMatch =
  | { status: 'known'; customerId: string; e164: string }
  | { status: 'conflict'; customerIds: string[]; e164: string }
  | { status: 'unknown'; e164: string }
  | { status: 'withheld' | 'unreadable' };

/** Both sides of every open dispute over a number (a second customer imported with it is a dispute, not a holder). */
export async function numberDisputants(db: Database, tenantId: string, e164: string): Promise<string[]> {
  const { identityConflicts: c } = db.t;
  const disputes = await db.q
    .select({ heldBy: c.heldBy, claimedBy: c.claimedBy })
    .from(c)
    .where(and(eq(c.tenantId, tenantId), eq(c.kind, 'phone'), eq(c.value, e164), isNull(c.resolvedAt)));
  return disputes.flatMap((d) => [d.heldBy, d.claimedBy]).filter((id): id is string => !!id);
}

/** Everyone who claims a number: its holder first (with no dispute, the one answer), then the disputants. */
export const claimantsOf = (holder: string | null, disputants: string[]): string[] => [
  ...new Set([holder, ...disputants].filter((id): id is string => !!id)),
];

export function createCallerLookup(db: Database, store: IdentityStore) {
  return {
    /** `country`: how a national number is read (the tenant's own country). */
    async whoIsCalling(tenantId: string, raw: string | null, country: CountryCode = 'US'): Promise<CallerMatch> {
      const n = readCallerNumber(raw, country);
      if (n.kind !== 'number') return { status: n.kind };
      const [holder, disputants] = await Promise.all([store.byIdentity(tenantId, 'phone', n.e164), numberDisputants(db, tenantId, n.e164)]);
      const claimants = claimantsOf(holder, disputants);
      if (claimants.length > 1) return { status: 'conflict', customerIds: claimants.sort(), e164: n.e164 };
      return claimants[0] ? { status: 'known', customerId: claimants[0], e164: n.e164 } : { status: 'unknown', e164: n.e164 };
    },
  };
}
