import { and, desc, eq, isNull, lt, notLike, sql } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import { isSealedSecret, openSecret, sealSecret } from '../auth/ingest-secret';
import type { Database } from '../db/database';

/** `masterKey` seals ingest key secrets at rest (auth/ingest-secret.ts). */
export function createTenantsRepository(db: Database, masterKey: Buffer) {
  const { ingestKeys, tenants, webhookSignatures, webhookDeliveries } = db.t;
  const remember = db.prepared('webhookSignatures.remember', (q) =>
    q
      .insert(webhookSignatures)
      .values({
        signedAt: sql.placeholder('signedAt'),
        signature: sql.placeholder('signature'),
        keyId: sql.placeholder('keyId'),
        seenAt: sql.placeholder('seenAt'),
      })
      .onConflictDoNothing()
      .returning({ signature: webhookSignatures.signature }),
  );
  // What the release before remembered, before migration 0019 or beside this one during a rolling upgrade: keyed by the signature alone.
  const rememberedBefore = db.prepared('webhookDeliveries.remembered', (q) =>
    q
      .select({ signature: webhookDeliveries.signature })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.signature, sql.placeholder('signature')))
      .limit(1),
  );
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
    /** Returns the secret this once, to hand to the business system; it is stored sealed. */
    async createIngestKey(tenantId: string, id = `key_${randomBytes(6).toString('hex')}`, secret = randomBytes(32).toString('hex')) {
      await db.tx((tx) => tx.insert(ingestKeys).values({ id, tenantId, secret: sealSecret(masterKey, secret), createdAt: Date.now() }));
      return { id, secret };
    },
    /** An active ingest key with its secret opened (to check an HMAC), or null when unknown or revoked. */
    /** The id of the tenant's newest live ingest key: what Leeway signs the pop links it makes itself with. */
    async newestIngestKeyId(tenantId: string): Promise<string | null> {
      const [row] = await db.q
        .select({ id: ingestKeys.id })
        .from(ingestKeys)
        .where(and(eq(ingestKeys.tenantId, tenantId), isNull(ingestKeys.revokedAt)))
        .orderBy(desc(ingestKeys.createdAt), desc(ingestKeys.id))
        .limit(1);
      return row?.id ?? null;
    },

    async ingestKey(id: string) {
      const [row] = await db.q
        .select()
        .from(ingestKeys)
        .where(and(eq(ingestKeys.id, id), isNull(ingestKeys.revokedAt)))
        .limit(1);
      return row ? { ...row, secret: openSecret(masterKey, row.secret) } : null;
    },
    /**
     * Seals every secret still stored as it was given (rows from before sealing); returns how many.
     * Each row changes only if it still holds what was read, so processes starting together agree.
     * Only with the server's own master key: a secret sealed under another is lost.
     */
    async sealIngestSecrets(): Promise<number> {
      const plain = await db.q
        .select({ id: ingestKeys.id, secret: ingestKeys.secret })
        .from(ingestKeys)
        .where(notLike(ingestKeys.secret, 'sealed:%'));
      let sealed = 0;
      for (const row of plain) {
        if (isSealedSecret(row.secret)) continue;
        const changed = await db.tx((tx) =>
          tx
            .update(ingestKeys)
            .set({ secret: sealSecret(masterKey, row.secret) })
            .where(and(eq(ingestKeys.id, row.id), eq(ingestKeys.secret, row.secret)))
            .returning({ id: ingestKeys.id }),
        );
        sealed += changed.length;
      }
      return sealed;
    },
    /**
     * Records a webhook signature; false when this exact signed request was already seen in the
     * window, i.e. a replay. Call inside the transaction that stores what it carried: it joins it.
     * Signatures signed before the replay window are forgotten (forgetDeliveriesBefore): their
     * timestamps are refused anyway.
     */
    async rememberDelivery(d: { signature: string; keyId: string; signedAt: number; at: number }): Promise<boolean> {
      return db.tx(async () => {
        // A signature carries its own signing time, so one the release before remembered is this very request: a replay
        // however long ago it was seen (one signed before the window never gets here, its timestamp is refused).
        if ((await rememberedBefore({ signature: d.signature })).length) return false;
        return (await remember({ signedAt: d.signedAt, signature: d.signature, keyId: d.keyId, seenAt: d.at })).length === 1;
      });
    },
    /** Signatures signed before `cutoff` can no longer be replayed (their timestamp is refused): forgotten. */
    async forgetDeliveriesBefore(cutoff: number): Promise<void> {
      await db.tx((tx) => tx.delete(webhookSignatures).where(lt(webhookSignatures.signedAt, cutoff)));
    },
  };
}
export type TenantsRepository = ReturnType<typeof createTenantsRepository>;
