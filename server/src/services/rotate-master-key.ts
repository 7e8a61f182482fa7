/**
 * LEEWAY_MASTER_KEY rotation: everything stored under the master key is opened with the current
 * one and stored again under the new one, in ONE transaction. That is every customer's data key
 * (customer_keys.wrapped_key), every ingest key secret (ingest_keys.secret, `sealed:v1:`) and every
 * platform connection's secret (platform_connections.secret, sealed the same way).
 * When any row does not open with the current key nothing is written: the transaction rolls
 * back and the error names the table and how many rows. Run with every server stopped (they
 * hold the old key); npm run rotate-master-key (scripts/rotate-master-key.ts) is the command.
 *
 * Erased customers have no key row, so there is nothing of theirs to re-wrap: they stay erased.
 * Copies of the database from before the rotation (backups, archived WAL) still hold the keys
 * wrapped under the old master key: destroying the old key makes those copies useless.
 */
import { isSealedSecret, openSecret, sealSecret } from '../auth/ingest-secret';
import type { Database } from '../db/database';
import { createMasterKeysRepository } from '../repositories/master-keys';
import { unwrapKey, wrapKey } from '../log/crypto';

/** Key rows read and rewritten at a time: a million customers never sit in memory at once. */
const PAGE_ROWS = 1_000;

export interface RotationCounts {
  /** customer_keys rows re-wrapped. */
  customerKeys: number;
  /** ingest_keys secrets that were sealed, re-sealed. */
  ingestSecrets: number;
  /** ingest_keys secrets stored unsealed (from before sealing), sealed now under the new key. */
  ingestSecretsSealedNow: number;
  /** platform_connections secrets re-sealed. */
  platformSecrets: number;
}

/** A row that does not open with the current key: nothing was changed. */
export class MasterKeyMismatch extends Error {
  constructor(readonly unreadable: { table: string; rows: number; of: number }[]) {
    super(
      `${unreadable.map((u) => `${u.rows} of ${u.of} row${u.of === 1 ? '' : 's'} of ${u.table}`).join(' and ')} cannot be opened with the current master key: ` +
        'nothing was changed. Give the master key the servers run with now (LEEWAY_MASTER_KEY, or the demo key file beside the database).',
    );
    this.name = 'MasterKeyMismatch';
  }
}

const opens = (fn: () => unknown) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

/** Re-wraps every customer key and re-seals every ingest secret under `next`; all of it, or (on any error) none. */
export async function rotateMasterKey(db: Database, current: Buffer, next: Buffer): Promise<RotationCounts> {
  if (current.length !== 32 || next.length !== 32) throw new Error('master keys are 32 bytes (64 hex characters)');
  if (current.equals(next)) throw new Error('the new master key is the current one');
  const stored = createMasterKeysRepository(db);
  return db.tx(async () => {
    await stored.lockForRotation();
    const counts: RotationCounts = { customerKeys: 0, ingestSecrets: 0, ingestSecretsSealedNow: 0, platformSecrets: 0 };

    // Paged by primary key; once a row fails to open, the rest are only checked (and counted), never written.
    let badKeys = 0;
    let allKeys = 0;
    let after: string | null = null;
    for (;;) {
      const page = await stored.customerKeysPage(after, PAGE_ROWS);
      if (!page.length) break;
      after = page[page.length - 1]!.customerId;
      allKeys += page.length;
      for (const row of page) {
        let key: Buffer;
        try {
          key = unwrapKey(current, row.wrapped);
        } catch {
          badKeys++;
          continue;
        }
        if (badKeys) continue;
        if (!(await stored.rewrapCustomerKey(row.customerId, row.wrapped, wrapKey(next, key))))
          throw new Error(`customer_keys changed while being rotated (customer ${row.customerId}): stop every server and run it again`);
        counts.customerKeys++;
      }
    }

    const secrets = await stored.ingestSecrets();
    const badSecrets = secrets.filter((s) => isSealedSecret(s.secret) && !opens(() => openSecret(current, s.secret))).length;
    const platforms = await stored.platformSecrets();
    const badPlatforms = platforms.filter((p) => !opens(() => openSecret(current, p.secret))).length;
    const unreadable = [
      ...(badKeys ? [{ table: 'customer_keys', rows: badKeys, of: allKeys }] : []),
      ...(badSecrets ? [{ table: 'ingest_keys', rows: badSecrets, of: secrets.length }] : []),
      ...(badPlatforms ? [{ table: 'platform_connections', rows: badPlatforms, of: platforms.length }] : []),
    ];
    if (unreadable.length) throw new MasterKeyMismatch(unreadable); // rolls back whatever was re-wrapped above

    for (const row of secrets) {
      const sealed = isSealedSecret(row.secret);
      if (!(await stored.resealIngestSecret(row.id, row.secret, sealSecret(next, openSecret(current, row.secret)))))
        throw new Error(`ingest_keys changed while being rotated (key ${row.id}): stop every server and run it again`);
      if (sealed) counts.ingestSecrets++;
      else counts.ingestSecretsSealedNow++;
    }
    for (const p of platforms) {
      if (!(await stored.resealPlatformSecret(p.tenantId, p.platform, p.secret, sealSecret(next, openSecret(current, p.secret)))))
        throw new Error(`platform_connections changed while being rotated (${p.platform}): stop every server and run it again`);
      counts.platformSecrets++;
    }
    return counts;
  });
}
