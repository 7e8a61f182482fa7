/**
 * The id of a tenant's newest live ingest key: what Leeway signs a tenant's screen-pop links with
 * when it makes them itself (the Aircall insight card's link back to the panel). Only the id: the
 * secret is opened through the ingest key cache (services/ingest-keys.ts), as a verifier opens it.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/database';

export async function newestIngestKeyId(db: Database, tenantId: string): Promise<string | null> {
  const { ingestKeys: k } = db.t;
  const [row] = await db.q
    .select({ id: k.id })
    .from(k)
    .where(and(eq(k.tenantId, tenantId), isNull(k.revokedAt)))
    .orderBy(desc(k.createdAt), desc(k.id))
    .limit(1);
  return row?.id ?? null;
}
