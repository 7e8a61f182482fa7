/**
 * What the entry hash covers (issue 17): re-keying an entry, moving a boundary between two fields
 * and turning NULL into '' are each detected; entries written in version 1 still verify, and a
 * version-1 entry after version-2 ones is a rewrite.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS, sha256, type ChainFields } from './chain';
import { verifyChain, type StoredEntry } from './verify';

/** How version 1 hashed (newline-joined, NULL as '', no key), to build entries written before version 2. */
const v1 = (e: ChainFields) =>
  createHash('sha256')
    .update(
      [
        e.prevHash,
        e.seq,
        e.id,
        e.kind,
        e.refId ?? '',
        e.customerId ?? '',
        e.ticketRef ?? '',
        e.agentId ?? '',
        e.createdAt,
        e.payloadDigest,
      ].join('\n'),
    )
    .digest('hex');

function chain(n: number, opts: { v1Until?: number } = {}): StoredEntry[] {
  const out: StoredEntry[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const payload = JSON.stringify({ outcome: 'resolved', seq });
    const fields: ChainFields = {
      seq,
      id: `e${seq}`,
      idempotencyKey: `u:agent:k${seq}`,
      requestHash: seq % 2 ? 'abc' : null,
      kind: 'resolution',
      refId: null,
      customerId: 'c1',
      ticketRef: `zendesk@acme.zendesk.com:${seq}`,
      agentId: 'agent',
      payloadDigest: sha256(payload),
      prevHash: prev,
      createdAt: 1_700_000_000_000 + seq,
    };
    const hash = seq <= (opts.v1Until ?? 0) ? v1(fields) : entryHash(fields);
    out.push({ ...fields, hash, payload, prunedAt: null });
    prev = hash;
  }
  return out;
}
/** Entry `i` written with `change`, and every entry after it chained again, as an honest writer would have. */
function rechain(rows: StoredEntry[], i: number, change: Partial<ChainFields>): StoredEntry[] {
  Object.assign(rows[i]!, change);
  for (let j = i; j < rows.length; j++) {
    if (j > 0) rows[j]!.prevHash = rows[j - 1]!.hash;
    rows[j]!.hash = entryHash(rows[j]!);
  }
  return rows;
}
const verify = (rows: StoredEntry[]) =>
  verifyChain('t', [rows], { seq: rows.length, hash: rows.at(-1)?.hash ?? null }, { retentionDays: null, now: 1_800_000_000_000 });

describe('the entry hash (version 2)', () => {
  it('verifies an untouched chain, and one that began in version 1', async () => {
    expect((await verify(chain(5))).ok).toBe(true);
    expect((await verify(chain(6, { v1Until: 3 }))).ok).toBe(true);
  });

  it('covers the idempotency key: a re-keyed entry is named', async () => {
    const rows = chain(5);
    rows[2]!.idempotencyKey = 'u:agent:other';
    expect((await verify(rows)).problem).toMatchObject({ seq: 3, message: 'entry 3 was altered: its fields no longer match its hash' });
  });

  it('tells a moved boundary between two fields apart, which version 1 did not', async () => {
    // Written honestly with a newline inside a field, then the newline moved to the next field.
    const rows = rechain(chain(3), 1, { ticketRef: 'zendesk:1\nescalated', agentId: 'agent' });
    const moved = { ...rows[1]!, ticketRef: 'zendesk:1', agentId: 'escalated\nagent' };
    // Version 1 cannot see it: the newline-joined text is the same.
    expect(v1(moved)).toBe(v1(rows[1]!));
    rows[1] = moved;
    expect((await verify(rows)).problem?.seq).toBe(2);
  });

  it('tells NULL from an empty string', async () => {
    const rows = chain(3);
    rows[1]!.requestHash = '';
    expect((await verify(rows)).problem?.seq).toBe(2);
  });

  it('refuses a version-1 entry after version-2 ones: a rewrite in the old, weaker encoding', async () => {
    const rows = chain(4);
    const third = rows[2]!;
    third.hash = v1(third);
    // Re-chained after it, so only the version says what happened.
    let prev = third.hash;
    for (const r of rows.slice(3)) {
      r.prevHash = prev;
      r.hash = entryHash(r);
      prev = r.hash;
    }
    const report = await verifyChain('t', [rows], { seq: 4, hash: prev }, { retentionDays: null, now: 1_800_000_000_000 });
    expect(report.problem).toMatchObject({
      seq: 3,
      message: 'entry 3 was rewritten: it carries an older hash version than the entries before it',
    });
  });

  it('judges pruning by at least the shortest retention, whatever the tenant row says', async () => {
    const rows = chain(3);
    // Blanked the day it was written, with the tenant's retention set to 0 behind the API's back.
    rows[1]!.payload = null;
    rows[1]!.prunedAt = rows[1]!.createdAt + 86_400_000;
    const report = await verifyChain(
      't',
      [rows],
      { seq: 3, hash: rows[2]!.hash },
      { retentionDays: 0, now: rows[1]!.createdAt + 2 * 86_400_000 },
    );
    expect(report.problem).toMatchObject({ seq: 2, message: 'entry 2 lost its content before its retention period ended' });
    // Past the shortest retention, a pruned payload is what retention leaves.
    expect(
      (await verifyChain('t', [rows], { seq: 3, hash: rows[2]!.hash }, { retentionDays: 0, now: rows[1]!.createdAt + 31 * 86_400_000 })).ok,
    ).toBe(true);
  });
});
