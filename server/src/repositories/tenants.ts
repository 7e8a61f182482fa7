import { and, eq, isNull, lt } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { ingestKeys, tenants, webhookDeliveries } from '../db/schema.sqlite';

export function createTenantsRepository(db: Db) {
  return {
    async create(slug: string, name: string): Promise<string> {
      const id = randomUUID();
      db.insert(tenants).values({ id, slug, name, createdAt: Date.now() }).run();
      return id;
    },
    async bySlug(slug: string) {
      return db.select().from(tenants).where(eq(tenants.slug, slug)).get() ?? null;
    },
    async createIngestKey(tenantId: string, id = `key_${randomBytes(6).toString('hex')}`, secret = randomBytes(32).toString('hex')) {
      db.insert(ingestKeys).values({ id, tenantId, secret, createdAt: Date.now() }).run();
      return { id, secret };
    },
    /** An active ingest key, or null when unknown or revoked. */
    async ingestKey(id: string) {
      return db.select().from(ingestKeys).where(and(eq(ingestKeys.id, id), isNull(ingestKeys.revokedAt))).get() ?? null;
    },
    /**
     * Records a webhook signature; false when it was already seen, i.e. a replay.
     * Signatures older than the replay window are forgotten: their timestamps are refused anyway.
     */
    /** False when this exact signed request was seen in the window. Call inside the transaction that stores what it carried. */
    rememberDeliverySync(signature: string, keyId: string, now: number, windowMs: number): boolean {
      db.delete(webhookDeliveries).where(lt(webhookDeliveries.seenAt, now - 2 * windowMs)).run();
      const res = db.insert(webhookDeliveries).values({ signature, keyId, seenAt: now }).onConflictDoNothing().run();
      return res.changes === 1;
    },
  };
}
export type TenantsRepository = ReturnType<typeof createTenantsRepository>;
