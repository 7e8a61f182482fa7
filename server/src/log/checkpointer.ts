/**
 * Decides which checkpoints are due and signs them: one at every multiple of the tenant's
 * `checkpoint_every_entries`, and one at the head when the last is older than
 * `checkpoint_every_minutes` and the head has moved. Run by a sweep (plugins/app/log-checkpoints.ts),
 * never inside an append, so appending stays as fast as it was.
 */
import type { CheckpointRepository } from '../repositories/checkpoints';
import { expectedHash, GENESIS } from './chain';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import type { SigningKey } from './signing-key';

/** A backlog (an import, a server that was down) is signed a bounded slice at a time. */
const MAX_PER_TENANT = 100;
const PAGE = 5_000;

export interface SweepResult {
  signed: Checkpoint[];
  /** Tenants whose stored log no longer extends their last checkpoint: nothing is signed for them. */
  refused: { tenantId: string; message: string }[];
}

export function dueSeqs(lastSeq: number, lastAt: number, head: number, everyEntries: number, everyMinutes: number, now: number): number[] {
  if (head <= lastSeq) return [];
  const out: number[] = [];
  const every = Math.max(1, everyEntries);
  for (let s = (Math.floor(lastSeq / every) + 1) * every; s <= head && out.length < MAX_PER_TENANT; s += every) out.push(s);
  const stale = now - lastAt >= everyMinutes * 60_000;
  if (stale && out.at(-1) !== head && out.length < MAX_PER_TENANT) out.push(head);
  return out;
}

export async function signDue(repo: CheckpointRepository, key: SigningKey, now = Date.now()): Promise<SweepResult> {
  const result: SweepResult = { signed: [], refused: [] };
  for (const h of await repo.heads()) {
    if (h.seq === 0) continue;
    const last = await repo.latest(h.tenantId);
    // Before any checkpoint, time counts from the first entry: the log's start stands in for checkpoint 0.
    const since = last?.at ?? (await repo.entries(h.tenantId, 0, 1))[0]?.createdAt ?? now;
    const seqs = dueSeqs(last?.seq ?? 0, since, h.seq, h.everyEntries, h.everyMinutes, now);
    if (seqs.length === 0) continue;
    // Signed only if the entries since the last checkpoint still extend it: the server never vouches for a rewritten log.
    const hashes = new Map<number, string>();
    let prev = last?.hash ?? GENESIS;
    let problem: string | null = null;
    // From the last checkpoint's own entry: it must still hold the signed hash, its fields still matching it.
    for (let from = last ? last.seq - 1 : 0; from < seqs.at(-1)! && !problem; from += PAGE) {
      const to = Math.min(seqs.at(-1)!, from + PAGE);
      const page = await repo.entries(h.tenantId, from, to);
      let expected = from + 1;
      for (const e of page) {
        const follows = e.seq === last?.seq ? e.hash === last.hash : e.prevHash === prev;
        if (e.seq !== expected || !follows || expectedHash(e, e.hash) !== e.hash) {
          problem = `entry ${expected} does not extend the checkpoint at seq ${last?.seq ?? 0}`;
          break;
        }
        hashes.set(e.seq, e.hash);
        prev = e.hash;
        expected++;
      }
      if (!problem && expected !== to + 1) problem = `entry ${expected} is missing`;
    }
    if (problem) {
      result.refused.push({ tenantId: h.tenantId, message: problem });
      continue;
    }
    for (const seq of seqs) {
      const cp = signCheckpoint(key, { tenantId: h.tenantId, seq, hash: hashes.get(seq)!, at: now });
      if (await repo.store(cp)) result.signed.push(cp);
    }
  }
  return result;
}
