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

export function createCallerLookup(db: Database, { byIdentity }: IdentityStore) {
  const { identityConflicts: c } = db.t;
  return {
    /** `country`: how a national number is read (the tenant's own country). */
    async whoIsCalling(tenantId: string, raw: string | null, country: CountryCode = 'US'): Promise<CallerMatch> {
      const n = readCallerNumber(raw, country);
      if (n.kind !== 'number') return { status: n.kind };
      const [holder, disputes] = await Promise.all([
        byIdentity(tenantId, 'phone', n.e164),
        db.q
          .select({ heldBy: c.heldBy, claimedBy: c.claimedBy })
          .from(c)
          .where(and(eq(c.tenantId, tenantId), eq(c.kind, 'phone'), eq(c.value, n.e164), isNull(c.resolvedAt))),
      ]);
      const claimants = [...new Set([holder, ...disputes.flatMap((d) => [d.heldBy, d.claimedBy])].filter((id): id is string => !!id))];
      if (claimants.length > 1) return { status: 'conflict', customerIds: claimants.sort(), e164: n.e164 };
      return holder ? { status: 'known', customerId: holder, e164: n.e164 } : { status: 'unknown', e164: n.e164 };
    },
  };
}
