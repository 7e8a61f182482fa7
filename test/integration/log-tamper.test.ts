/**
 * The tamper suite (issue 17): on a 10,000-entry log with a signed checkpoint every 1,000
 * entries, every way someone with write access to the database can change the log — each
 * column of an entry edited, entries deleted, inserted, reordered, re-keyed, the chain
 * recomputed after an edit, the newest entries cut off — is caught by verify-log with the
 * checkpoints, naming the first bad entry (or, for a re-chained log, the checkpoint interval
 * holding it: the checkpoints publish only the hashes at their seqs). Each attack is made on
 * the stored rows and undone before the next. Single-field edits are made at sampled positions
 * (first, around a checkpoint, middle, newest), not at all 10,000, to keep the run short.
 */
import { and, eq } from 'drizzle-orm';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/database';
import { sha256 } from '../../server/src/log/chain';
import { signCheckpoint } from '../../server/src/log/checkpoint';
import { checkpointLine } from '../../server/src/log/publish';
import { parseSigningKey } from '../../server/src/log/signing-key';
import { readCheckpoints, verifyAgainstCheckpoints, type PublishedCheckpoint } from '../../server/src/log/verify-checkpoints';
import { EVERY, flip, key, makeTamperLog, N, names, rechain, type Row, writeTenantLog } from '../support/log-tamper';
import type { TestDatabase } from '../support/test-database';

/** Where single-field edits are made: the first entry, either side of a checkpoint, the middle, the newest. */
const POSITIONS = [1, 1000, 1001, 5678, N];
/** Where structural attacks are made (each rewrites the log from there on, so none at the very start). */
const STRUCTURAL = [1001, 5678, N];

let tdb: TestDatabase;
let db: Database;
let tenantId: string;
let otherTenant: string;
let original: Row[];
let checkpoints: PublishedCheckpoint[];
let checkpointFile: string;

/** The tenant's log made `rows` from seq `from` on (entries before it are left as stored), the head moved to its end. */
const writeLog = (rows: Row[], from = 1) => writeTenantLog(db, tenantId, rows, from);
const verify = (cps = checkpoints) => verifyAgainstCheckpoints(db, tenantId, cps, key.publicKey);

const results: { attack: string; detected: boolean; message: string }[] = [];
async function attack(name: string, firstBad: number, make: () => Promise<void>, undo: () => Promise<void>) {
  await make();
  try {
    const r = await verify();
    results.push({ attack: name, detected: !r.ok && names(r.problem, firstBad), message: r.problem?.message ?? 'verified' });
  } finally {
    await undo();
  }
}

beforeAll(async () => {
  ({ tdb, db, tenantId, otherTenant, original, checkpoints, checkpointFile } = await makeTamperLog());
}, 120_000);

afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe('the tamper suite: a 10,000-entry log with a signed checkpoint every 1,000', () => {
  it('verifies as written, against every checkpoint read back from the published file', async () => {
    const published = readCheckpoints(`${checkpoints.map(checkpointLine).join('\n')}\n`).get(tenantId)!;
    expect(published).toHaveLength(N / EVERY);
    expect(await verifyAgainstCheckpoints(db, tenantId, published, key.publicKey)).toMatchObject({ ok: true, entries: N });
  });

  it('catches every single-field edit, deletion, insertion, reordering, re-keying, re-chaining and truncation: 100%', async () => {
    const { resolutionLog: l, tenants } = db.t;
    const at = (seq: number) => and(eq(l.tenantId, tenantId), eq(l.seq, seq));
    const set = (seq: number, values: Partial<Row>) => db.tx((tx) => tx.update(l).set(values).where(at(seq)));
    // Each column: what an edit writes, given the stored row.
    const edits: Record<keyof Row, (r: Row) => Partial<Row>> = {
      tenantId: () => ({ tenantId: otherTenant }),
      seq: (r) => ({ seq: r.seq + 100 * N }),
      id: () => ({ id: randomUUID() }),
      idempotencyKey: (r) => ({ idempotencyKey: `${r.idempotencyKey}-resent` }),
      requestHash: (r) => ({ requestHash: r.requestHash === null ? sha256('x') : null }),
      kind: () => ({ kind: 'correction' }),
      refId: (r) => ({ refId: r.refId === null ? '' : null }),
      customerId: (r) => ({ customerId: r.customerId === null ? '' : null }),
      ticketRef: (r) => ({ ticketRef: r.ticketRef === null ? '' : `${r.ticketRef}0` }),
      agentId: (r) => ({ agentId: r.agentId === null ? '' : 'agent-2' }),
      payload: (r) => ({ payload: r.payload!.replace('resolved', 'refused') }),
      payloadDigest: () => ({ payloadDigest: sha256('other') }),
      prevHash: (r) => ({ prevHash: flip(r.prevHash) }),
      hash: (r) => ({ hash: flip(r.hash) }),
      createdAt: (r) => ({ createdAt: r.createdAt + 1 }),
      prunedAt: () => ({ prunedAt: Date.now() }),
    };
    for (const column of Object.keys(edits) as (keyof Row)[]) {
      for (const p of POSITIONS) {
        const row = original[p - 1]!;
        const change = edits[column](row);
        // Undone by writing the whole original row back where the edited one now is.
        const where =
          column === 'tenantId' || column === 'seq' ? and(eq(l.tenantId, change.tenantId ?? tenantId), eq(l.seq, change.seq ?? p)) : at(p);
        await attack(
          `edit ${column} of entry ${p}`,
          p,
          async () => void (await set(p, change)),
          () => db.tx((tx) => tx.update(l).set(row).where(where)).then(() => undefined),
        );
      }
    }

    let from = 1;
    const restore = () => writeLog(original, from);
    const without = (p: number) => original.filter((r) => r.seq !== p);
    const fake = (): Row => ({ ...original[0]!, id: randomUUID(), idempotencyKey: `srv:tamper:${randomUUID()}` });
    for (const p of STRUCTURAL) {
      from = p;
      await attack(
        `delete entry ${p}`,
        p,
        () => db.tx((tx) => tx.delete(l).where(at(p))).then(() => undefined),
        () => db.tx((tx) => tx.insert(l).values(original[p - 1]!)).then(() => undefined),
      );
      await attack(`delete entry ${p} and re-chain`, p, () => writeLog(rechain(without(p), p), p), restore);
      await attack(
        `insert an entry at ${p}, renumbering the rest`,
        p,
        () =>
          writeLog(
            [...original.slice(0, p - 1), fake(), ...original.slice(p - 1)].map((r, i) => ({ ...r, seq: i + 1 })),
            p,
          ),
        restore,
      );
      await attack(
        `insert an entry at ${p} and re-chain`,
        p,
        () => writeLog(rechain([...original.slice(0, p - 1), fake(), ...original.slice(p - 1)], p), p),
        restore,
      );
      if (p < N) {
        const swapped = [...original];
        [swapped[p - 1], swapped[p]] = [swapped[p]!, swapped[p - 1]!];
        await attack(
          `swap entries ${p} and ${p + 1}`,
          p,
          () =>
            writeLog(
              swapped.map((r, i) => ({ ...r, seq: i + 1 })),
              p,
            ),
          restore,
        );
        await attack(`swap entries ${p} and ${p + 1} and re-chain`, p, () => writeLog(rechain(swapped, p), p), restore);
      }
      const rekeyed = original.map((r) => (r.seq === p ? { ...r, idempotencyKey: `${r.idempotencyKey}-resent` } : r));
      await attack(`re-key entry ${p} and re-chain`, p, () => writeLog(rechain(rekeyed, p), p), restore);
      const edited = original.map((r) => (r.seq === p ? { ...r, payload: r.payload!.replace('resolved', 'refused') } : r));
      await attack(`edit entry ${p}'s content and re-chain`, p, () => writeLog(rechain(edited, p), p), restore);
    }
    // An entry slipped in past the head, the head left alone.
    await attack(
      'append an entry outside the log',
      N + 1,
      () => db.tx((tx) => tx.insert(l).values({ ...fake(), seq: N + 1 })).then(() => undefined),
      () => db.tx((tx) => tx.delete(l).where(at(N + 1))).then(() => undefined),
    );
    // Truncation, the head moved back too (the chain alone is then consistent): older than the last checkpoint.
    for (const keep of [N - 1, 9500, 5000]) {
      from = keep + 1;
      await attack(`truncate to ${keep} entries`, keep + 1, () => writeLog(original.slice(0, keep), from), restore);
    }
    // The head alone moved back.
    const moveHead = async () =>
      void (await db.tx((tx) =>
        tx.update(tenants).set({ logHeadSeq: 9000, logHeadHash: original[8999]!.hash }).where(eq(tenants.id, tenantId)),
      ));
    from = N + 1;
    await attack('move the head back', 9001, moveHead, restore);

    const missed = results.filter((r) => !r.detected);
    expect(missed, JSON.stringify(missed, null, 1)).toEqual([]);
    // 16 columns × 5 positions; 8 structural attacks at 3 positions, less the two swaps at the newest; 1 outside, 3 truncations, 1 head.
    expect(results.length).toBe(16 * POSITIONS.length + 3 * 8 - 2 + 1 + 3 + 1);
    console.log(`tamper suite: ${results.length - missed.length}/${results.length} detected (100%)`);
    expect(await verify()).toMatchObject({ ok: true, entries: N });
  }, 300_000);

  it('names a re-chained rewrite by the checkpoint it contradicts, and a log cut short by the checkpoint it lacks', async () => {
    const edited = original.map((r) => (r.seq === 1500 ? { ...r, agentId: 'someone-else' } : r));
    await writeLog(rechain(edited, 1500), 1500);
    expect((await verify()).problem?.message).toBe(
      'entries 1001 to 2000 differ from the signed checkpoint at seq 2000: the log was rewritten after it was signed (entry 2000 no longer has the signed hash)',
    );
    await writeLog(original, 1500);
    await writeLog(original.slice(0, 2500), 2501);
    expect((await verify()).problem?.message).toBe(
      'the log is shorter than checkpoint 3 (seq 3000): entries 2501 to 3000 were removed after it was signed',
    );
    await writeLog(original, 2501);
  });

  it('refuses checkpoints not signed by the log key: re-signed by another key, or edited in the file', async () => {
    const other = parseSigningKey(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)!;
    const resigned = checkpoints.map((c) => (c.n === 4 ? { ...signCheckpoint(other, c), n: 4 } : c));
    expect((await verify(resigned)).problem?.message).toBe(
      `checkpoint 4 (seq 4000) is not signed by key ${key.keyId} (it names key ${other.keyId})`,
    );
    const edited = checkpoints.map((c) => (c.n === 4 ? { ...c, hash: flip(c.hash) } : c));
    expect((await verify(edited)).problem?.message).toBe(`checkpoint 4 (seq 4000) is not signed by key ${key.keyId}`);
  });

  it('npm run verify-log -- --checkpoints FILE: exit 0 on the log as written, 1 naming the rewrite', async () => {
    const where = tdb.target.kind === 'sqlite' ? tdb.target.file : tdb.target.url;
    const run = () => {
      try {
        return {
          code: 0,
          out: execFileSync(
            'npx',
            [
              'tsx',
              'scripts/verify-log.ts',
              '--db',
              where,
              '--tenant',
              'tamper',
              '--checkpoints',
              checkpointFile,
              '--public-key',
              key.publicKeyBase64,
            ],
            { encoding: 'utf8' },
          ),
        };
      } catch (error) {
        const e = error as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    expect(run()).toMatchObject({
      code: 0,
      out: expect.stringContaining(`tamper: ${N} entries verify (0 pruned by retention), extending 10 signed checkpoints`),
    });
    await writeLog(
      rechain(
        original.map((r) => (r.seq === 7777 ? { ...r, kind: 'survey' as const } : r)),
        7777,
      ),
      7777,
    );
    try {
      expect(run()).toMatchObject({
        code: 1,
        out: expect.stringContaining('entries 7001 to 8000 differ from the signed checkpoint at seq 8000'),
      });
    } finally {
      await writeLog(original, 7777);
    }
  }, 60_000);
});
