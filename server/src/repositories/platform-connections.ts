/**
 * A tenant's connections to platforms Leeway calls out to (Genesys Cloud, Aircall). The secret
 * part is sealed under the master key like ingest key secrets (auth/ingest-secret.ts): a copy of
 * the database alone holds no usable credential.
 */
import { and, eq } from 'drizzle-orm';
import type { Platform, PlatformSecret, PlatformSettings } from '@shared/schemas/platform-connections';
import { openSecret, sealSecret } from '../auth/ingest-secret';
import type { Database } from '../db/database';

export interface PlatformConnection<P extends Platform> {
  settings: PlatformSettings<P>;
  secret: PlatformSecret<P>;
  updatedAt: number;
}

export function createPlatformConnectionsRepository(db: Database, masterKey: Buffer) {
  const { platformConnections: pc } = db.t;
  const key = (tenantId: string, platform: Platform) => and(eq(pc.tenantId, tenantId), eq(pc.platform, platform));
  return {
    async get<P extends Platform>(tenantId: string, platform: P): Promise<PlatformConnection<P> | null> {
      const [row] = await db.q.select().from(pc).where(key(tenantId, platform)).limit(1);
      if (!row) return null;
      return {
        settings: row.settings as PlatformSettings<P>,
        secret: JSON.parse(openSecret(masterKey, row.secret)) as PlatformSecret<P>,
        updatedAt: row.updatedAt,
      };
    },
    /** Settings only, never secrets: what an admin reads back. */
    async list(tenantId: string) {
      return db.q
        .select({ platform: pc.platform, settings: pc.settings, updatedAt: pc.updatedAt })
        .from(pc)
        .where(eq(pc.tenantId, tenantId))
        .orderBy(pc.platform);
    },
    async put<P extends Platform>(
      tenantId: string,
      platform: P,
      c: { settings: PlatformSettings<P>; secret: PlatformSecret<P> },
      by: string,
    ) {
      const row = { settings: c.settings, secret: sealSecret(masterKey, JSON.stringify(c.secret)), updatedBy: by, updatedAt: Date.now() };
      await db.tx((tx) =>
        tx
          .insert(pc)
          .values({ tenantId, platform, ...row })
          .onConflictDoUpdate({ target: [pc.tenantId, pc.platform], set: row }),
      );
      return row.updatedAt;
    },
    async remove(tenantId: string, platform: Platform): Promise<boolean> {
      const gone = await db.tx((tx) => tx.delete(pc).where(key(tenantId, platform)).returning({ platform: pc.platform }));
      return gone.length === 1;
    },
  };
}
export type PlatformConnectionsRepository = ReturnType<typeof createPlatformConnectionsRepository>;
