import { and, eq, isNull, lt } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/database';

export function createTenantsRepository(db: Database) {
  const { ingestKeys, tenants, webhookDeliveries } = db.t;
  return {
    async create(slug: string, name: string): Promise<string> {
      const id = randomUUID();
      await db.tx((tx) => tx.insert(tenants).values({ id, slug, name, createdAt: Date.now() }));
      return id;
    },
    async bySlug(slug: string) {
      const [row] = await db.q.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
      return row ?? null;
    },
    async createIngestKey(tenantId: string, id = `key_${randomBytes(6).toString('hex')}`, secret = randomBytes(32).toString('hex')) {
      await db.tx((tx) => tx.insert(ingestKeys).values({ id, tenantId, secret, createdAt: Date.now() }));
      return { id, secret };
    },
    /** An active ingest key, or null when unknown or revoked. */
    async ingestKey(id: string) {
      const [row] = await db.q.select().from(ingestKeys).where(and(eq(ingestKeys.id, id), isNull(ingestKeys.revokedAt))).limit(1);
      return row ?? null;
    },
    /**
     * Records a webhook signature; false when this exact signed request was already seen in the
     * window, i.e. a replay. Call inside the transaction that stores what it carried: it joins it.
     * Signatures older than the replay window are forgotten: their timestamps are refused anyway.
     */
    async rememberDelivery(signature: string, keyId: string, now: number, windowMs: number): Promise<boolean> {
      return db.tx(async (tx) => {
        await tx.delete(webhookDeliveries).where(lt(webhookDeliveries.seenAt, now - 2 * windowMs));
        const added = await tx.insert(webhookDeliveries).values({ signature, keyId, seenAt: now }).onConflictDoNothing().returning({ signature: webhookDeliveries.signature });
        return added.length === 1;
      });
    },
  };
}
export type TenantsRepository = ReturnType<typeof createTenantsRepository>;
