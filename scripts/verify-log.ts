/**
 * npm run verify-log [-- --db data/leeway.db | postgres://…] [--tenant acme] [--checkpoints FILE [--public-key KEY]]
 * Verifies each tenant's resolution log and names the first entry altered, removed or
 * reordered. Exits 1 when any chain is broken. `--db` is the SQLite file or a PostgreSQL URL
 * (default: LEEWAY_DATABASE_URL, else LEEWAY_DB_FILE, else data/leeway.db). It only reads;
 * a server may be running on the same database meanwhile.
 *
 * With `--checkpoints FILE` (the JSON lines the server published: LEEWAY_CHECKPOINT_FILE, a
 * witness's copy, or checkpoints an auditor kept) it also proves the log extends every one of
 * them: each is signed by the log's key, and the stored entry at its seq still has its hash.
 * That catches what a chain alone cannot: a log re-chained after an edit, or cut short.
 * `--public-key` is the key's 32 raw bytes in base64 (GET /v1/log/checkpoints shows it), an SPKI
 * PEM, or a file holding either; without it, the public half of LEEWAY_LOG_SIGNING_KEY or of the
 * key kept beside the database file (LEEWAY_DB_FILE.log-signing-key) is used.
 */
import { asc, eq } from 'drizzle-orm';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../server/src/db/database';
import { openDatabase } from '../server/src/db/open';
import { openSqlite } from '../server/src/db/open-sqlite';
import { parsePublicKey, parseSigningKey } from '../server/src/log/signing-key';
import { verifyLog } from '../server/src/log/verify';
import { readCheckpoints, verifyAgainstCheckpoints, type PublishedCheckpoint } from '../server/src/log/verify-checkpoints';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: process.env.LEEWAY_DATABASE_URL ?? process.env.LEEWAY_DB_FILE ?? 'data/leeway.db' },
    tenant: { type: 'string' },
    checkpoints: { type: 'string' },
    'public-key': { type: 'string' },
  },
});
const where = values.db!;
const postgres = /^postgres(ql)?:\/\//.test(where);
if (!postgres && !existsSync(where)) {
  console.error(`No database file ${where}`);
  process.exit(2);
}

function publicKey(): KeyObject {
  const given = values['public-key'];
  if (given) {
    const key = parsePublicKey(existsSync(given) ? readFileSync(given, 'utf8') : given);
    if (!key) fail(`--public-key is not an Ed25519 public key (base64 of its 32 bytes, or an SPKI PEM)`);
    return key;
  }
  const keyFile = `${postgres ? (process.env.LEEWAY_DB_FILE ?? 'data/leeway.db') : where}.log-signing-key`;
  const text = process.env.LEEWAY_LOG_SIGNING_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : null);
  if (text === null)
    fail(
      `No key to check the checkpoints with: pass --public-key (GET /v1/log/checkpoints shows it), or set LEEWAY_LOG_SIGNING_KEY, or keep ${keyFile}`,
    );
  const key = parseSigningKey(text);
  if (!key) fail(`LEEWAY_LOG_SIGNING_KEY (or ${keyFile}) is not an Ed25519 private key`);
  return key.publicKey;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let published: Map<string, PublishedCheckpoint[]> | null = null;
let key: KeyObject | null = null;
if (values.checkpoints) {
  if (!existsSync(values.checkpoints)) fail(`No checkpoint file ${values.checkpoints}`);
  try {
    published = readCheckpoints(readFileSync(values.checkpoints, 'utf8'));
  } catch (error) {
    fail(`${values.checkpoints}: ${(error as Error).message}`);
  }
  key = publicKey();
}

let db: Database;
let close: () => Promise<void>;
if (postgres) {
  db = await openDatabase({ kind: 'postgres', url: where, poolSize: 1 });
  close = () => db.close();
} else {
  const sqlite = openSqlite(where);
  db = sqlite;
  // Closed without the checkpoint a server does when it stops: the server may still be using the file.
  close = async () => void sqlite.sqlite.close();
}

const { tenants } = db.t;
const list = await db.q
  .select({ id: tenants.id, slug: tenants.slug })
  .from(tenants)
  .where(values.tenant ? eq(tenants.slug, values.tenant) : undefined)
  .orderBy(asc(tenants.slug));
if (list.length === 0) {
  console.error(values.tenant ? `No tenant ${values.tenant} in ${db.where}` : `No tenants in ${db.where}`);
  await close();
  process.exit(2);
}
let broken = 0;
for (const t of list) {
  const started = performance.now();
  const checkpoints = published?.get(t.id) ?? [];
  const r = published ? await verifyAgainstCheckpoints(db, t.id, checkpoints, key!) : await verifyLog(db, t.id);
  const took = ((performance.now() - started) / 1000).toFixed(2);
  const against = published ? `, extending ${checkpoints.length} signed checkpoint${checkpoints.length === 1 ? '' : 's'}` : '';
  if (r.ok) console.log(`✓ ${t.slug}: ${r.entries} entries verify (${r.pruned} pruned by retention)${against} in ${took} s`);
  else {
    broken++;
    console.log(`✗ ${t.slug}: ${r.problem!.message}${r.problem!.id ? ` (entry id ${r.problem!.id})` : ''}`);
  }
}
// A tenant the file has checkpoints for but the database no longer has: its whole log was removed.
if (published && !values.tenant) {
  const known = new Set(list.map((t) => t.id));
  for (const [tenantId, cps] of published) {
    if (known.has(tenantId)) continue;
    broken++;
    console.log(
      `✗ tenant ${tenantId}: the log is shorter than checkpoint 1 (seq ${cps[0]!.seq}): the tenant and its log are gone from the database`,
    );
  }
}
await close();
process.exit(broken ? 1 : 0);
