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

/**
 * Everyone who claims a number in this tenant: its holder and both sides of any open dispute over
 * it (a second customer imported with the same number is recorded as a dispute, not a holder).
 */
export async function numberClaimants(db: Database, { byIdentity }: IdentityStore, tenantId: string, e164: string): Promise<string[]> {
  const { identityConflicts: c } = db.t;
  const [holder, disputes] = await Promise.all([
    byIdentity(tenantId, 'phone', e164),
    db.q
      .select({ heldBy: c.heldBy, claimedBy: c.claimedBy })
      .from(c)
      .where(and(eq(c.tenantId, tenantId), eq(c.kind, 'phone'), eq(c.value, e164), isNull(c.resolvedAt))),
  ]);
  const ids = [holder, ...disputes.flatMap((d) => [d.heldBy, d.claimedBy])].filter((id): id is string => !!id);
  // The holder first: with no dispute, it is the one answer.
  return [...new Set(ids)];
}

export function createCallerLookup(db: Database, store: IdentityStore) {
  return {
    /** `country`: how a national number is read (the tenant's own country). */
    async whoIsCalling(tenantId: string, raw: string | null, country: CountryCode = 'US'): Promise<CallerMatch> {
      const n = readCallerNumber(raw, country);
      if (n.kind !== 'number') return { status: n.kind };
      const claimants = await numberClaimants(db, store, tenantId, n.e164);
      if (claimants.length > 1) return { status: 'conflict', customerIds: claimants.sort(), e164: n.e164 };
      return claimants[0] ? { status: 'known', customerId: claimants[0], e164: n.e164 } : { status: 'unknown', e164: n.e164 };
    },
  };
}
