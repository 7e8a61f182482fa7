/**
 * Walks a tenant's log in sequence order and names the first entry that was altered,
 * removed or reordered. Pruned payloads (retention) and sealed fields whose key was
 * destroyed (erasure) still verify: the chain covers the payload's digest.
 */
import type { VerifyReport } from '@shared/schemas/resolutions';
import type { Database } from '../db/database';
import { createLogChainRepository } from '../repositories/log-chain';
import { expectedHash, GENESIS, hashVersion, sha256, type StoredEntry } from './chain';
import { effectiveRetention, MIN_RETENTION_DAYS, retentionFloor } from './retention';

export type { StoredEntry };

/** A checkpoint whose signature was already checked, as the walk uses it; `label` names it in messages ("3"). */
export interface SignedHead {
  seq: number;
  hash: string;
  label?: string;
}

export async function verifyChain(
  tenantId: string,
  /** The entries in pages (arrays): iterating pages, not single rows, keeps the walk's own cost per entry small. */
  pages: AsyncIterable<StoredEntry[]> | Iterable<StoredEntry[]>,
  head: { seq: number; hash: string | null },
  opts: { retentionDays: number | null; now?: number; checkpoints?: SignedHead[] },
): Promise<VerifyReport> {
  const now = opts.now ?? Date.now();
  let prev = GENESIS;
  let expected = 1;
  let entries = 0;
  let pruned = 0;
  let version = 1;
  // In seq order: each is met as the walk reaches its seq.
  const checkpoints = [...(opts.checkpoints ?? [])].sort((a, b) => a.seq - b.seq);
  let cp = 0;
  let extended = 0;
  const report = (problem: VerifyReport['problem']): VerifyReport => ({
    tenantId,
    ok: problem === null,
    entries,
    pruned,
    headSeq: head.seq,
    problem,
    verifiedAt: new Date(now).toISOString(),
  });

  for await (const page of pages)
    for (const e of page) {
      if (e.seq !== expected) {
        return report({
          seq: expected,
          id: null,
          message: e.seq > expected ? `entry ${expected} is missing: removed` : `entry ${e.seq} appears twice or out of order`,
        });
      }
      if (e.prevHash !== prev)
        return report({
          seq: e.seq,
          id: e.id,
          message: `entry ${e.seq} does not follow entry ${e.seq - 1}: the entry before it was altered or the two were reordered`,
        });
      // Once entries are written in version 2, an older-version entry after them is a rewrite, not history.
      if (hashVersion(e.hash) < version)
        return report({
          seq: e.seq,
          id: e.id,
          message: `entry ${e.seq} was rewritten: it carries an older hash version than the entries before it`,
        });
      version = hashVersion(e.hash);
      if (expectedHash(e, e.hash) !== e.hash)
        return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} was altered: its fields no longer match its hash` });
      if (e.payload !== null) {
        // Pruning blanks the payload when it sets this: a pruned mark beside a payload was written by hand.
        if (e.prunedAt !== null)
          return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} was altered: it is marked pruned but still holds its content` });
        if (sha256(e.payload) !== e.payloadDigest)
          return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} was altered: its content no longer matches its digest` });
      } else {
        const old = opts.retentionDays != null && e.createdAt <= now - Math.max(opts.retentionDays, MIN_RETENTION_DAYS) * 86_400_000;
        if (!e.prunedAt || !old)
          return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} lost its content before its retention period ended` });
        pruned++;
      }
      // A linear hash chain makes this the consistency proof: each hash covers every entry before it, so an entry
      // that still has the hash signed at its seq proves the log up to it is the one signed. Re-chaining after an
      // edit shows here, as the first checkpoint after the edit; which entry in between was rewritten, the
      // checkpoints cannot tell, as only the hashes at their seqs were published.
      for (; checkpoints[cp]?.seq === e.seq; cp++) {
        if (checkpoints[cp]!.hash !== e.hash) {
          return report({
            seq: e.seq,
            id: e.id,
            message: `entries ${extended + 1} to ${e.seq} differ from the signed checkpoint at seq ${e.seq}: the log was rewritten after it was signed (entry ${e.seq} no longer has the signed hash)`,
          });
        }
        extended = e.seq;
      }
      prev = e.hash;
      expected++;
      entries++;
    }
  const beyond = checkpoints.find((c) => c.seq > entries);
  if (beyond) {
    return report({
      seq: entries + 1,
      id: null,
      message: `the log is shorter than checkpoint ${beyond.label ?? beyond.seq} (seq ${beyond.seq}): entries ${entries + 1} to ${beyond.seq} were removed after it was signed`,
    });
  }
  if (head.seq !== entries) {
    return report({
      seq: head.seq,
      id: null,
      message:
        head.seq > entries
          ? `entries ${entries + 1} to ${head.seq} are missing: the newest entries were removed`
          : `entry ${head.seq + 1} onwards were added outside the log`,
    });
  }
  if (head.seq > 0 && head.hash !== prev)
    return report({ seq: head.seq, id: null, message: `entry ${head.seq} (the newest) was replaced` });
  return report(null);
}

/**
 * Verifies a tenant's log as stored: the chain up to the head read at the start (appends
 * arriving meanwhile extend it and are left for the next run), then whether any entry lies
 * past the head, which an append never leaves (it moves the head with its entry).
 */
export async function verifyLog(db: Database, tenantId: string, now = Date.now(), checkpoints?: SignedHead[]): Promise<VerifyReport> {
  const chain = createLogChainRepository(db);
  const t = await chain.head(tenantId);
  if (!t) throw new Error(`no tenant ${tenantId}`);
  // Judged by the period raised to the tenant's floor: a retention lowered in the database does not excuse a payload blanked early.
  const retentionDays = effectiveRetention(t.retentionDays, (await retentionFloor(db, tenantId, now)).days);
  const report = await verifyChain(
    tenantId,
    chain.entries(tenantId, t.seq),
    { seq: t.seq, hash: t.hash },
    { retentionDays, now, checkpoints },
  );
  if (!report.ok) return report;
  // Compared with the head as it is now, under the tenant's lock: an append in flight is not taken for an entry added outside.
  const outside = await chain.firstPastHead(tenantId);
  return outside
    ? { ...report, ok: false, problem: { seq: outside.seq, id: null, message: `entry ${outside.seq} onwards were added outside the log` } }
    : report;
}
