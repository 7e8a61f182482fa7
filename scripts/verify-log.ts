/**
 * npm run verify-log [-- --db data/leeway.db] [--tenant acme]
 * Verifies each tenant's resolution log and names the first entry altered, removed or
 * reordered. Exits 1 when any chain is broken. Opens the database read-only.
 */
import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { verifyChain, type StoredEntry } from '../server/src/log/verify';

const { values } = parseArgs({ options: { db: { type: 'string', default: process.env.LEEWAY_DB_FILE ?? 'data/leeway.db' }, tenant: { type: 'string' } } });
const db = new Database(values.db!, { readonly: true, fileMustExist: true });
const tenants = db
  .prepare(`select id, slug, log_head_seq as seq, log_head_hash as hash, retention_days as retentionDays from tenants ${values.tenant ? 'where slug = ?' : ''} order by slug`)
  .all(...(values.tenant ? [values.tenant] : [])) as { id: string; slug: string; seq: number; hash: string | null; retentionDays: number | null }[];
if (tenants.length === 0) {
  console.error(values.tenant ? `No tenant ${values.tenant} in ${values.db}` : `No tenants in ${values.db}`);
  process.exit(2);
}
const rows = db.prepare(
  `select seq, id, kind, ref_id as refId, customer_id as customerId, ticket_ref as ticketRef, agent_id as agentId, payload, payload_digest as payloadDigest,
          prev_hash as prevHash, hash, created_at as createdAt, pruned_at as prunedAt
   from resolution_log where tenant_id = ? order by seq`,
);
let broken = 0;
for (const t of tenants) {
  const started = performance.now();
  const r = verifyChain(t.id, rows.iterate(t.id) as Iterable<StoredEntry>, { seq: t.seq, hash: t.hash }, { retentionDays: t.retentionDays });
  const took = ((performance.now() - started) / 1000).toFixed(2);
  if (r.ok) console.log(`✓ ${t.slug}: ${r.entries} entries verify (${r.pruned} pruned by retention) in ${took} s`);
  else {
    broken++;
    console.log(`✗ ${t.slug}: ${r.problem!.message}${r.problem!.id ? ` (entry id ${r.problem!.id})` : ''}`);
  }
}
db.close();
process.exit(broken ? 1 : 0);
