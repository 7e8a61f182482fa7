/**
 * LEEWAY_NEW_MASTER_KEY=<64 hex> npm run rotate-master-key
 * Stop every server first. Re-wraps every customer's data key (customer_keys) and re-seals every
 * ingest key secret (ingest_keys) under the new master key, in ONE transaction
 * (server/src/services/rotate-master-key.ts). The database is the server's: LEEWAY_DATABASE_URL,
 * else the SQLite file LEEWAY_DB_FILE (default data/leeway.db). The current key is the server's
 * too: LEEWAY_MASTER_KEY, else the demo's key file beside LEEWAY_DB_FILE (LEEWAY_DB_FILE.master-key),
 * which is then replaced by the new key (mode 0600) once the transaction has committed.
 * Prints counts only, never a key or a secret.
 * Exit 0: rotated; 1: a row did not open with the current key, or the rotation failed (nothing
 * changed); 2: refused before anything was read (missing or invalid keys, no database).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from '../server/src/db/database';
import { writeFileDurably } from '../server/src/db/durable-file';
import { openDatabase } from '../server/src/db/open';
import { redactUrl } from '../server/src/redact-url';
import { MasterKeyMismatch, rotateMasterKey } from '../server/src/services/rotate-master-key';

const HEX_KEY = /^[0-9a-f]{64}$/i;

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

const env = process.env;
const url = env.LEEWAY_DATABASE_URL || null;
if (url && !/^postgres(ql)?:\/\//.test(url)) refuse('LEEWAY_DATABASE_URL is not a postgres:// URL');
const dbFileSetting = env.LEEWAY_DB_FILE || 'data/leeway.db';
if (dbFileSetting === ':memory:' && !url) refuse('LEEWAY_DB_FILE=:memory: holds nothing to rotate');
const dbFile = resolve(dbFileSetting);
const keyFile = `${dbFile}.master-key`;
if (!url && !existsSync(dbFile)) refuse(`No database file ${dbFile} (set LEEWAY_DB_FILE, or LEEWAY_DATABASE_URL for PostgreSQL)`);

// The current key, found as the server finds it (server/src/config.ts): the environment first, else the demo's file.
let currentHex: string;
let fromFile = false;
if (env.LEEWAY_MASTER_KEY) {
  if (!HEX_KEY.test(env.LEEWAY_MASTER_KEY)) refuse('LEEWAY_MASTER_KEY must be 64 hex characters (32 bytes)');
  currentHex = env.LEEWAY_MASTER_KEY;
} else {
  if (!existsSync(keyFile))
    refuse(`No current master key: set LEEWAY_MASTER_KEY to the key the servers run with (there is no demo key file ${keyFile})`);
  currentHex = readFileSync(keyFile, 'utf8').trim();
  if (!HEX_KEY.test(currentHex)) refuse(`${keyFile} does not hold a master key (64 hex characters)`);
  fromFile = true;
}
const nextHex = env.LEEWAY_NEW_MASTER_KEY;
if (!nextHex) refuse('Set LEEWAY_NEW_MASTER_KEY to the new master key: generate one with `openssl rand -hex 32`');
if (!HEX_KEY.test(nextHex)) refuse('LEEWAY_NEW_MASTER_KEY must be 64 hex characters (32 bytes): generate one with `openssl rand -hex 32`');
const current = Buffer.from(currentHex, 'hex');
const next = Buffer.from(nextHex, 'hex');
if (current.equals(next)) refuse('LEEWAY_NEW_MASTER_KEY is the current master key: give a new one');

let db: Database;
try {
  db = await openDatabase(url ? { kind: 'postgres', url, poolSize: 1 } : { kind: 'sqlite', file: dbFile, sync: 'FULL' });
} catch (error) {
  refuse(`Cannot open ${url ? redactUrl(url) : dbFile}: ${(error as Error).message}`);
}

console.log(`Rotating the master key of ${db.where} (current key from ${fromFile ? keyFile : 'LEEWAY_MASTER_KEY'})`);
let code = 0;
try {
  const counts = await rotateMasterKey(db, current, next);
  console.log(
    `  customer_keys  ${counts.customerKeys.toLocaleString('en-US')} customer key${counts.customerKeys === 1 ? '' : 's'} re-wrapped`,
  );
  console.log(
    `  ingest_keys    ${counts.ingestSecrets.toLocaleString('en-US')} ingest secret${counts.ingestSecrets === 1 ? '' : 's'} re-sealed` +
      (counts.ingestSecretsSealedNow ? `, ${counts.ingestSecretsSealedNow} stored unsealed now sealed` : ''),
  );
  console.log(`  platform_connections  ${counts.platformSecrets} platform secret${counts.platformSecrets === 1 ? '' : 's'} re-sealed`);
  console.log('Committed: every row is now under the new master key.');
  if (fromFile) {
    try {
      writeFileDurably(keyFile, nextHex.toLowerCase());
      console.log(`Wrote the new key to ${keyFile}; the old key is no longer kept there.`);
    } catch (error) {
      console.error(
        `The database is rotated, but the new key could not be written to ${keyFile} (${(error as Error).message}): put LEEWAY_NEW_MASTER_KEY there (mode 0600) before starting a server.`,
      );
      code = 1;
    }
  } else {
    console.log('Start the servers with LEEWAY_MASTER_KEY set to the new key.');
  }
  console.log(
    'Backups taken before now hold the keys wrapped under the old master key: keep the old key as long as you may restore one, destroy it to make them unreadable.',
  );
} catch (error) {
  console.error(error instanceof MasterKeyMismatch ? error.message : `Rotation failed, nothing was changed: ${(error as Error).message}`);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
