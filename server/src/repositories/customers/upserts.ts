import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database';
import { canonicalIdentities, identityKey, type IdentityStore, type NewCustomer } from './identities';

/** Creating customers, one or a bulk import's batch, with their identities. */
export function createCustomerUpserts(db: Database, { claim, holders }: IdentityStore) {
  const { customers } = db.t;

  const fields = (c: NewCustomer) => ({
    name: c.name,
    tier: c.tier,
    lifetimeValueCents: c.lifetimeValueCents,
    currency: c.currency ?? 'USD',
    customerSince: c.customerSince,
    flags: c.flags ?? [],
    consent: c.consent ?? {},
  });

  /**
   * Creates or updates the customers known by these external ids, claiming their identities, in a
   * few statements however many there are. The same as one upsert after another when no two rows
   * share an identity (no row's outcome can then depend on another's); otherwise they go one at a time.
   */
  async function upsertMany(tenantId: string, rows: { externalId: string; customer: NewCustomer }[], source: string): Promise<string[]> {
    if (!rows.length) return [];
    const claims = rows.map((r) => canonicalIdentities({ ...r.customer, externalIds: [r.externalId] }));
    const keys = claims.flatMap((c) => [...new Set(c.map(([kind, value]) => identityKey({ kind, value })))]);
    if (rows.length > 1 && new Set(keys).size < keys.length) {
      const ids: string[] = [];
      for (const r of rows) ids.push(...(await upsertMany(tenantId, [r], source)));
      return ids;
    }
    // Read, then write on what was read: the same external id from two importers at once makes one customer.
    return db.tx(
      async (tx) => {
        const existing = new Map(
          (
            await holders(
              tenantId,
              rows.map((r) => ({ kind: 'external', value: r.externalId })),
            )
          ).map((h) => [h.value, h.customerId]),
        );
        const ids = rows.map((r) => existing.get(r.externalId) ?? randomUUID());
        const now = Date.now();
        const fresh = rows.flatMap((r, i) =>
          existing.has(r.externalId) ? [] : [{ id: ids[i]!, tenantId, ...fields(r.customer), createdAt: now }],
        );
        if (fresh.length) await tx.insert(customers).values(fresh);
        for (const [i, r] of rows.entries())
          if (existing.has(r.externalId)) await tx.update(customers).set(fields(r.customer)).where(eq(customers.id, ids[i]!));
        await claim(
          tenantId,
          claims.flatMap((c, i) => c.map(([kind, value]) => ({ customerId: ids[i]!, kind, value }))),
          source,
        );
        return ids;
      },
      { lock: `customers:${tenantId}` },
    );
  }

  return {
    /**
     * Creates or updates the customer known by `externalId`, claiming its identities. Inside the
     * caller's transaction (a bulk import's batch), it joins it.
     */
    async upsertByExternalId(tenantId: string, externalId: string, c: NewCustomer, source: string): Promise<string> {
      return (await upsertMany(tenantId, [{ externalId, customer: c }], source))[0]!;
    },
    /** As upsertByExternalId for many customers, in a few statements: a bulk import's batch. Returns their ids, in order. */
    upsertManyByExternalId: upsertMany,
    async create(tenantId: string, c: NewCustomer, source = 'api'): Promise<string> {
      const id = randomUUID();
      await db.tx(async (tx) => {
        await tx.insert(customers).values({ id, tenantId, ...fields(c), createdAt: Date.now() });
        await claim(
          tenantId,
          canonicalIdentities(c).map(([kind, value]) => ({ customerId: id, kind, value })),
          source,
        );
      });
      return id;
    },
  };
}
