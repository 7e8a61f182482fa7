import { and, eq, inArray, sql } from 'drizzle-orm';
import { canonicalEmail, canonicalPhone } from '@shared/identity';
import type { Tier } from '@shared/schemas/context';
import type { Database } from '../../db/database';
import type { identities } from '../../db/schema.sqlite';

export type IdentityKind = (typeof identities.$inferInsert)['kind'];
export type Claim = { customerId: string; kind: IdentityKind; value: string };
export const identityKey = (i: { kind: string; value: string }) => `${i.kind}:${i.value}`;

export interface NewCustomer {
  name: string;
  tier: Tier;
  lifetimeValueCents: number;
  currency?: string;
  customerSince: number;
  flags?: string[];
  consent?: Record<string, boolean>;
  emails?: string[];
  phones?: string[];
  externalIds?: string[];
  /** Scoped by instance: `zendesk@acme.zendesk.com:9001` (shared/ticket-ref.ts requesterRef). */
  helpdeskIds?: string[];
}

/** Every identity in its stored (canonical) form; values that cannot be one are dropped. */
export function canonicalIdentities(c: Pick<NewCustomer, 'emails' | 'phones' | 'externalIds' | 'helpdeskIds'>): [IdentityKind, string][] {
  const out: [IdentityKind, string][] = [];
  for (const e of c.emails ?? []) {
    const v = canonicalEmail(e);
    if (v) out.push(['email', v]);
  }
  for (const p of c.phones ?? []) {
    const v = canonicalPhone(p);
    if (v) out.push(['phone', v]);
  }
  for (const x of c.externalIds ?? []) out.push(['external', x]);
  for (const h of c.helpdeskIds ?? []) out.push(['helpdesk', h]);
  return out;
}

/** Who holds which identity, and claiming them: shared by creation, upserts and lookups. */
export function createIdentityStore(db: Database) {
  const { identities, identityConflicts } = db.t;

  const holder = db.prepared('identities.holder', (q) =>
    q
      .select({ customerId: identities.customerId })
      .from(identities)
      .where(
        and(
          eq(identities.tenantId, sql.placeholder('tenantId')),
          eq(identities.kind, sql.placeholder('kind')),
          eq(identities.value, sql.placeholder('value')),
        ),
      )
      .limit(1),
  );

  /** The customer holding an identity (inside a transaction, read in it): the hot path of webhooks and event imports. */
  async function byIdentity(tenantId: string, kind: IdentityKind, value: string | null): Promise<string | null> {
    if (!value) return null;
    const [row] = await holder({ tenantId, kind, value });
    return row?.customerId ?? null;
  }

  /**
   * Gives each claimant its identity, unless another customer holds it: then the clash is
   * recorded as a conflict for people to settle, and nothing is moved. The insert decides who
   * holds a new identity, so two claims at once cannot both take it. One insert for all of them
   * (a bulk import's batch); no identity may be claimed by two different customers in one call.
   */
  async function claim(tenantId: string, claims: Claim[], source: string): Promise<void> {
    const claimed = [...new Map(claims.map((c) => [identityKey(c), c]))]; // the same identity twice for one customer: once
    if (!claimed.length) return;
    await db.tx(async (tx) => {
      const wanted = new Map(claimed);
      const heldBy = new Map<string, string>();
      // Twice round only when a holder was erased between the insert and the read (PostgreSQL): the identity is free again.
      while (wanted.size) {
        const added = await tx
          .insert(identities)
          .values([...wanted.values()].map((c) => ({ tenantId, ...c })))
          .onConflictDoNothing()
          .returning({ kind: identities.kind, value: identities.value });
        for (const a of added) wanted.delete(identityKey(a));
        if (!wanted.size) break;
        for (const h of await holders(tenantId, [...wanted.values()])) {
          const c = wanted.get(identityKey(h))!;
          wanted.delete(identityKey(h));
          if (h.customerId !== c.customerId) heldBy.set(identityKey(h), h.customerId);
        }
      }
      // In the order claimed, as one claim after another would record them.
      const now = Date.now();
      const conflicts = claimed
        .filter(([k]) => heldBy.has(k))
        .map(([k, c]) => ({
          tenantId,
          kind: c.kind,
          value: c.value,
          heldBy: heldBy.get(k)!,
          claimedBy: c.customerId,
          source,
          createdAt: now,
        }));
      if (conflicts.length) await tx.insert(identityConflicts).values(conflicts).onConflictDoNothing();
    });
  }

  /** Who holds these identities now (those nobody holds are left out). */
  async function holders(tenantId: string, wanted: { kind: IdentityKind; value: string }[]) {
    const keys = new Set(wanted.map(identityKey));
    // Kinds and values as two lists (the key's index serves both; thousands of ORs SQLite refuses), then the pairs asked for.
    const kinds = [...new Set(wanted.map((w) => w.kind))];
    const values = [...new Set(wanted.map((w) => w.value))];
    const rows = await db.q
      .select({ kind: identities.kind, value: identities.value, customerId: identities.customerId })
      .from(identities)
      .where(and(eq(identities.tenantId, tenantId), inArray(identities.kind, kinds), inArray(identities.value, values)));
    return rows.filter((r) => keys.has(identityKey(r)));
  }

  return { byIdentity, claim, holders };
}
export type IdentityStore = ReturnType<typeof createIdentityStore>;
