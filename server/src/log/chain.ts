/** The hash chain, in one place: what an entry's hash covers and how it is computed. */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface ChainFields {
  seq: number;
  id: string;
  kind: string;
  refId: string | null;
  customerId: string | null;
  ticketRef: string | null;
  agentId: string | null;
  payloadDigest: string;
  prevHash: string;
  createdAt: number;
}

/** Every field but the payload itself, which is covered by its digest (so it can be pruned). */
export function entryHash(e: ChainFields): string {
  return sha256([e.prevHash, e.seq, e.id, e.kind, e.refId ?? '', e.customerId ?? '', e.ticketRef ?? '', e.agentId ?? '', e.createdAt, e.payloadDigest].join('\n'));
}
