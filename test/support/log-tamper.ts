/**
 * The tamper suite's log: 10,000 entries of one tenant with a signed checkpoint every 1,000,
 * written straight to the tables as someone with write access would, and how to re-chain it.
 */
import { and, eq, gte } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Database } from '../../server/src/db/database';
import { openDatabase } from '../../server/src/db/open';
import { entryHash, GENESIS, sha256 } from '../../server/src/log/chain';
import { signCheckpoint } from '../../server/src/log/checkpoint';
import { checkpointLine } from '../../server/src/log/publish';
import { parseSigningKey } from '../../server/src/log/signing-key';
import type { PublishedCheckpoint } from '../../server/src/log/verify-checkpoints';
import { createRepositories } from '../../server/src/repositories';
import { newTestDatabase } from './test-database';

export const N = 10_000;
export const EVERY = 1_000;
export const key = parseSigningKey('3f9c2a7d41e8b06f5c1d9e2a7b4f80c36d5e1a9b2c7f4e08d3a6b1c9e5f2a7d4')!;
export type Row = typeof import('../../server/src/db/schema.sqlite').resolutionLog.$inferSelect;

/** Rows chained from `from` on (seq renumbered, prevHash and hash recomputed), as an attacker re-chaining would. */
export function rechain(rows: Row[], from = 1): Row[] {
  let prev = from === 1 ? GENESIS : rows[from - 2]!.hash;
  return rows.map((r, i) => {
    if (i + 1 < from) return r;
    const fields = { ...r, seq: i + 1, prevHash: prev, payloadDigest: r.payload === null ? r.payloadDigest : sha256(r.payload) };
    prev = entryHash(fields);
    return { ...fields, hash: prev };
  });
}

/** The tenant's log made `rows` from seq `from` on (entries before it are left as stored), the head moved to its end. */
export async function writeTenantLog(db: Database, tenantId: string, rows: Row[], from = 1) {
  const { resolutionLog: l, tenants } = db.t;
  const tail = rows.slice(from - 1);
  await db.tx(async (tx) => {
    await tx.delete(l).where(and(eq(l.tenantId, tenantId), gte(l.seq, from)));
    for (let i = 0; i < tail.length; i += 500) await tx.insert(l).values(tail.slice(i, i + 500));
    await tx
      .update(tenants)
      .set({ logHeadSeq: rows.length, logHeadHash: rows.at(-1)?.hash ?? null })
      .where(eq(tenants.id, tenantId));
  });
}

/** The same hash with its last character changed. */
export const flip = (h: string) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');

/** Whether the report names `seq` as the first bad entry, or a re-chained interval holding it. */
export function names(problem: { seq: number; message: string } | null, seq: number): boolean {
  if (!problem) return false;
  const range = /entries (\d+) to (\d+)/.exec(problem.message);
  return problem.seq === seq || (range !== null && Number(range[1]) <= seq && seq <= Number(range[2]));
}

/** The database with the tenant's log and its checkpoints written, the checkpoints also published to a file. */
export async function makeTamperLog() {
  const tdb = await newTestDatabase();
  const db = await openDatabase(
    tdb.target.kind === 'sqlite'
      ? { kind: 'sqlite', file: tdb.target.file, sync: 'NORMAL' }
      : { kind: 'postgres', url: tdb.target.url, poolSize: 2 },
  );
  const repos = createRepositories(db, { masterKey: Buffer.alloc(32, 7) });
  const tenantId = await repos.tenants.create('tamper', 'Tamper');
  const otherTenant = await repos.tenants.create('other', 'Other');
  const customerId = await repos.customers.create(tenantId, { name: 'C', tier: 'gold', lifetimeValueCents: 0, customerSince: 0 });
  // Every nullable column both null and set somewhere, so each edit can turn a value to NULL, '' or another value.
  const rows = Array.from({ length: N }, (_, i): Row => {
    const payload = JSON.stringify({ outcome: 'resolved', amountCents: 4000 + i });
    const id = randomUUID();
    return {
      tenantId,
      seq: i + 1,
      id,
      idempotencyKey: `srv:tamper:${id}`,
      requestHash: i % 2 ? sha256(id) : null,
      kind: 'resolution',
      refId: i % 3 ? null : randomUUID(),
      customerId: i % 2 ? customerId : null,
      ticketRef: i % 2 ? null : `zendesk:${i}`,
      agentId: i % 5 ? 'agent-1' : null,
      payload,
      payloadDigest: sha256(payload),
      prevHash: '',
      hash: '',
      createdAt: Date.now() - (N - i) * 1000,
      prunedAt: null,
    };
  });
  const original = rechain(rows);
  await writeTenantLog(db, tenantId, original);
  const checkpoints: PublishedCheckpoint[] = [];
  for (let seq = EVERY; seq <= N; seq += EVERY)
    checkpoints.push({ ...signCheckpoint(key, { tenantId, seq, hash: original[seq - 1]!.hash, at: Date.now() }), n: seq / EVERY });
  const checkpointFile = `${tdb.target.kind === 'sqlite' ? tdb.target.file : tdb.env.LEEWAY_DB_FILE}.checkpoints.jsonl`;
  writeFileSync(checkpointFile, checkpoints.map((c) => `${checkpointLine(c)}\n`).join(''));
  return { tdb, db, tenantId, otherTenant, customerId, original, checkpoints, checkpointFile };
}
