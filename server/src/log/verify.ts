/**
 * Walks a tenant's log in sequence order and names the first entry that was altered,
 * removed or reordered. Pruned payloads (retention) and sealed fields whose key was
 * destroyed (erasure) still verify: the chain covers the payload's digest.
 */
import type { VerifyReport } from '../../../shared/schemas/resolutions';
import { entryHash, GENESIS, sha256, type ChainFields } from './chain';

export interface StoredEntry extends ChainFields {
  hash: string;
  payload: string | null;
  prunedAt: number | null;
}

export function verifyChain(
  tenantId: string,
  rows: Iterable<StoredEntry>,
  head: { seq: number; hash: string | null },
  opts: { retentionDays: number | null; now?: number },
): VerifyReport {
  const now = opts.now ?? Date.now();
  let prev = GENESIS;
  let expected = 1;
  let entries = 0;
  let pruned = 0;
  const report = (problem: VerifyReport['problem']): VerifyReport => ({ tenantId, ok: problem === null, entries, pruned, headSeq: head.seq, problem, verifiedAt: new Date(now).toISOString() });

  for (const e of rows) {
    if (e.seq !== expected) {
      return report({ seq: expected, id: null, message: e.seq > expected ? `entry ${expected} is missing: removed` : `entry ${e.seq} appears twice or out of order` });
    }
    if (e.prevHash !== prev) return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} does not follow entry ${e.seq - 1}: the entry before it was altered or the two were reordered` });
    if (entryHash(e) !== e.hash) return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} was altered: its fields no longer match its hash` });
    if (e.payload !== null) {
      if (sha256(e.payload) !== e.payloadDigest) return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} was altered: its content no longer matches its digest` });
    } else {
      const old = opts.retentionDays != null && e.createdAt <= now - opts.retentionDays * 86_400_000;
      if (!e.prunedAt || !old) return report({ seq: e.seq, id: e.id, message: `entry ${e.seq} lost its content before its retention period ended` });
      pruned++;
    }
    prev = e.hash;
    expected++;
    entries++;
  }
  if (head.seq !== entries) {
    return report({ seq: head.seq, id: null, message: head.seq > entries ? `entries ${entries + 1} to ${head.seq} are missing: the newest entries were removed` : `entry ${head.seq + 1} onwards were added outside the log` });
  }
  if (head.seq > 0 && head.hash !== prev) return report({ seq: head.seq, id: null, message: `entry ${head.seq} (the newest) was replaced` });
  return report(null);
}
