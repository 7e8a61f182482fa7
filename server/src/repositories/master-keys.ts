import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../db/database';

/** What is stored under the master key, read and rewritten for its rotation (services/rotate-master-key.ts). */
export function createMasterKeysRepository(db: Database) {
  const { customerKeys, ingestKeys } = db.t;
  return {
    /** PostgreSQL: no other session writes either table until this transaction commits (SQLite's write lock already holds every writer off). */
    async lockForRotation(): Promise<void> {
      if (db.dialect === 'postgres') await db.rows(sql`lock table customer_keys, ingest_keys in exclusive mode`);
    },

    /** Customer keys after `after` (null: from the first), by primary key. */
    async customerKeysPage(after: string | null, limit: number): Promise<{ customerId: string; wrapped: string }[]> {
      return db.q
        .select({ customerId: customerKeys.customerId, wrapped: customerKeys.wrappedKey })
        .from(customerKeys)
        .where(after === null ? undefined : gt(customerKeys.customerId, after))
        .orderBy(asc(customerKeys.customerId))
        .limit(limit);
    },

    /** Replaces the wrapped key only if it is still `old`; false when it was not. */
    async rewrapCustomerKey(customerId: string, old: string, next: string): Promise<boolean> {
      const changed = await db.q
        .update(customerKeys)
        .set({ wrappedKey: next })
        .where(and(eq(customerKeys.customerId, customerId), eq(customerKeys.wrappedKey, old)))
        .returning({ id: customerKeys.customerId });
      return changed.length === 1;
    },

    async ingestSecrets(): Promise<{ id: string; secret: string }[]> {
      return db.q.select({ id: ingestKeys.id, secret: ingestKeys.secret }).from(ingestKeys).orderBy(asc(ingestKeys.id));
    },

    async platformSecrets(): Promise<{ tenantId: string; platform: string; secret: string }[]> {
      const { platformConnections: pc } = db.t;
      return db.q
        .select({ tenantId: pc.tenantId, platform: pc.platform, secret: pc.secret })
        .from(pc)
        .orderBy(asc(pc.tenantId), asc(pc.platform));
    },

    /** Replaces a platform connection's sealed secret only if it is still `old`. */
    async resealPlatformSecret(tenantId: string, platform: string, old: string, next: string): Promise<boolean> {
      const { platformConnections: pc } = db.t;
      const changed = await db.q
        .update(pc)
        .set({ secret: next })
        .where(and(eq(pc.tenantId, tenantId), eq(pc.platform, platform), eq(pc.secret, old)))
        .returning({ platform: pc.platform });
      return changed.length === 1;
    },

    /** Replaces the secret only if it is still `old`; false when it was not. */
    async resealIngestSecret(id: string, old: string, next: string): Promise<boolean> {
      const changed = await db.q
        .update(ingestKeys)
        .set({ secret: next })
        .where(and(eq(ingestKeys.id, id), eq(ingestKeys.secret, old)))
        .returning({ id: ingestKeys.id });
      return changed.length === 1;
    },
  };
}
export type MasterKeysRepository = ReturnType<typeof createMasterKeysRepository>;
