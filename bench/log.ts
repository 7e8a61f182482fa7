/**
 * The resolution log's cost of integrity: hash-chained appends per second (each its own
 * durable transaction: read the head, seal, hash, insert, move the head) beside plain inserts
 * of the same rows with the same driver and durability; and verification speed over a log of
 * one million entries against a signed checkpoint every 1,000 (as verify-log --checkpoints).
 * Checkpoints are signed by a sweep, not in the append, so they cost appends nothing.
 */
import { eq } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../server/src/db/open-sqlite';
import { entryHash, GENESIS, sha256 } from '../server/src/log/chain';
import { signCheckpoint } from '../server/src/log/checkpoint';
import { parseSigningKey } from '../server/src/log/signing-key';
import { verifyAgainstCheckpoints, type PublishedCheckpoint } from '../server/src/log/verify-checkpoints';
import { serverKey } from '../server/src/idempotency';
import { createRepositories } from '../server/src/repositories';
import { figure, type Figure } from './types';

export const logNames = ['log_append_vs_plain_insert', 'log_append_per_s', 'log_verify_entries_per_s'];
/** The log figure is meant over a sustained minute; LEEWAY_BENCH_LOG_SECONDS=60 does that, the default keeps `npm run bench` short. */
const SECONDS = Number(process.env.LEEWAY_BENCH_LOG_SECONDS ?? 15);
const VERIFY_ENTRIES = 1_000_000;
const CHECKPOINT_EVERY = 1_000;
/** The target for verification (issue 17), shown as this figure's floor: not measured, a bar to clear. */
const VERIFY_TARGET_PER_S = 100_000;

const payload = (i: number) => ({
  outcome: 'resolved',
  category: 'billing',
  actions: [{ action: 'refund', amountCents: 4_000 + i, via: 'leeway' }],
  handleTimeSeconds: 300,
});

export async function logBench(): Promise<Figure[]> {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'leeway-bench-log-')), 'log.db'));
  const { resolutionLog, tenants } = db.t;
  try {
    const repos = createRepositories(db, { masterKey: randomBytes(32) });
    const tenantId = await repos.tenants.create('bench', 'Bench');
    const plainTenant = await repos.tenants.create('plain', 'Plain');
    const customerId = await repos.customers.create(tenantId, { name: 'C', tier: 'gold', lifetimeValueCents: 0, customerSince: 0 });

    const sustained = async (step: (i: number) => Promise<unknown> | unknown) => {
      const end = performance.now() + SECONDS * 1000;
      let n = 0;
      while (performance.now() < end) await step(n++);
      return n / SECONDS;
    };
    const appends = await sustained((i) =>
      repos.log.append(tenantId, {
        idempotencyKey: serverKey('bench', randomUUID()),
        kind: 'resolution',
        customerId,
        ticketRef: `zendesk:${i}`,
        agentId: 'a',
        data: payload(i),
        personal: { note: 'Refunded the double charge' },
      }),
    );
    // The same row, as one plain insert in its own transaction: no head read, no sealing, no hashing, no head update.
    const plain = await sustained((i) =>
      db.tx((tx) =>
        tx.insert(resolutionLog).values({
          tenantId: plainTenant,
          seq: i + 1,
          id: randomUUID(),
          idempotencyKey: serverKey('bench', randomUUID()),
          kind: 'resolution',
          customerId,
          ticketRef: `zendesk:${i}`,
          agentId: 'a',
          payload: JSON.stringify({ ...payload(i), note: 'Refunded the double charge' }),
          payloadDigest: '',
          prevHash: '',
          hash: '',
          createdAt: Date.now(),
          prunedAt: null,
        }),
      ),
    );

    // A million-entry chain, written in bulk (how it was written does not matter to verification):
    // 1,000 rows a statement, 50,000 a transaction.
    const big = await repos.tenants.create('big', 'Big');
    let prev = GENESIS;
    const key = parseSigningKey(randomBytes(32).toString('hex'))!;
    const checkpoints: PublishedCheckpoint[] = [];
    const entry = (seq: number) => {
      const text = JSON.stringify(payload(seq));
      const id = randomUUID();
      const fields = {
        seq,
        id,
        idempotencyKey: `srv:bench:${id}`,
        requestHash: null,
        kind: 'resolution' as const,
        refId: null,
        customerId: null,
        ticketRef: `zendesk:${seq}`,
        agentId: 'a',
        payloadDigest: sha256(text),
        prevHash: prev,
        createdAt: Date.now(),
      };
      prev = entryHash(fields);
      if (seq % CHECKPOINT_EVERY === 0)
        checkpoints.push({ ...signCheckpoint(key, { tenantId: big, seq, hash: prev, at: Date.now() }), n: checkpoints.length + 1 });
      return { ...fields, tenantId: big, payload: text, hash: prev, prunedAt: null };
    };
    for (let from = 1; from <= VERIFY_ENTRIES; from += 50_000) {
      const to = Math.min(VERIFY_ENTRIES, from + 49_999);
      await db.tx(async (tx) => {
        for (let seq = from; seq <= to; seq += 1000) {
          await tx.insert(resolutionLog).values(Array.from({ length: Math.min(1000, to - seq + 1) }, (_, i) => entry(seq + i)));
        }
      });
    }
    await db.tx((tx) => tx.update(tenants).set({ logHeadSeq: VERIFY_ENTRIES, logHeadHash: prev }).where(eq(tenants.id, big)));
    const t0 = performance.now();
    const report = await verifyAgainstCheckpoints(db, big, checkpoints, key.publicKey);
    const seconds = (performance.now() - t0) / 1000;
    if (!report.ok || report.entries !== VERIFY_ENTRIES) throw new Error(`verification failed: ${JSON.stringify(report)}`);

    return [
      figure('log_append_per_s', appends, '1/s', plain),
      figure('log_append_vs_plain_insert', appends / plain, 'ratio'),
      figure('log_verify_entries_per_s', VERIFY_ENTRIES / seconds, '1/s', VERIFY_TARGET_PER_S),
    ];
  } finally {
    await db.close();
  }
}
