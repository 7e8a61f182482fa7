/**
 * npm run verify-log [-- --db data/leeway.db | postgres://…] [--tenant acme]
 * Verifies each tenant's resolution log and names the first entry altered, removed or
 * reordered. Exits 1 when any chain is broken. `--db` is the SQLite file or a PostgreSQL URL
 * (default: LEEWAY_DATABASE_URL, else LEEWAY_DB_FILE, else data/leeway.db). It only reads;
 * a server may be running on the same database meanwhile.
 */
import { asc, eq } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../server/src/db/database';
import { openDatabase } from '../server/src/db/open';
import { openSqlite } from '../server/src/db/open-sqlite';
import { verifyLog } from '../server/src/log/verify';

const { values } = parseArgs({ options: { db: { type: 'string', default: process.env.LEEWAY_DATABASE_URL ?? process.env.LEEWAY_DB_FILE ?? 'data/leeway.db' }, tenant: { type: 'string' } } });
const where = values.db!;
const postgres = /^postgres(ql)?:\/\//.test(where);
if (!postgres && !existsSync(where)) {
  console.error(`No database file ${where}`);
  process.exit(2);
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
  const r = await verifyLog(db, t.id);
  const took = ((performance.now() - started) / 1000).toFixed(2);
  if (r.ok) console.log(`✓ ${t.slug}: ${r.entries} entries verify (${r.pruned} pruned by retention) in ${took} s`);
  else {
    broken++;
    console.log(`✗ ${t.slug}: ${r.problem!.message}${r.problem!.id ? ` (entry id ${r.problem!.id})` : ''}`);
  }
}
await close();
process.exit(broken ? 1 : 0);
