import { desc, eq, sql } from 'drizzle-orm';
import type { Offer } from '@shared/nba/offer';
import { tenantLock, type Database } from '../db/database';
import type { offerVersions } from '../db/schema.sqlite';

export interface OffersVersion {
  version: number;
  offers: Offer[];
  createdAt: string;
  createdBy: string;
  note: string | null;
}

const toVersion = (r: typeof offerVersions.$inferSelect): OffersVersion => ({
  version: r.version,
  offers: r.offers as Offer[],
  createdAt: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy,
  note: r.note,
});

/** A tenant's offers, versioned like its policy: append-only, the newest version is the one in use. */
export function createOffersRepository(db: Database) {
  const { offerVersions } = db.t;
  // Read for every recommendation: built once.
  const newest = db.prepared('offers.current', (q) =>
    q
      .select()
      .from(offerVersions)
      .where(eq(offerVersions.tenantId, sql.placeholder('tenantId')))
      .orderBy(desc(offerVersions.version))
      .limit(1),
  );
  return {
    /** The offers in use; null before the tenant's first version. Inside a transaction, read in it. */
    async current(tenantId: string): Promise<OffersVersion | null> {
      const [r] = await newest({ tenantId });
      return r ? toVersion(r) : null;
    },
    /** Every version, newest first. */
    async list(tenantId: string): Promise<OffersVersion[]> {
      return (await db.q.select().from(offerVersions).where(eq(offerVersions.tenantId, tenantId)).orderBy(desc(offerVersions.version))).map(
        toVersion,
      );
    },
    /** `offers` as OfferList parsed them. A new version, numbered after the newest. */
    async save(tenantId: string, userId: string, offers: readonly Offer[], note?: string | null): Promise<OffersVersion> {
      // The tenant lock: two admins saving at once get versions n and n+1, not one refusal.
      return db.tx(
        async (tx) => {
          const [last] = await tx
            .select({ v: offerVersions.version })
            .from(offerVersions)
            .where(eq(offerVersions.tenantId, tenantId))
            .orderBy(desc(offerVersions.version))
            .limit(1);
          const row = {
            tenantId,
            version: (last?.v ?? 0) + 1,
            offers: [...offers],
            note: note ?? null,
            createdBy: userId,
            createdAt: Date.now(),
          };
          await tx.insert(offerVersions).values(row);
          return toVersion(row);
        },
        { lock: tenantLock(tenantId) },
      );
    },
  };
}
export type OffersRepository = ReturnType<typeof createOffersRepository>;
