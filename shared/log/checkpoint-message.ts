/**
 * The bytes a log checkpoint's signature covers, written once for the server that signs and
 * for every auditor's console that checks. A version tag, then each field length-prefixed with
 * NULL apart (`field`, the log's own encoding), so no two checkpoints share bytes.
 */
export interface CheckpointFields {
  tenantId: string;
  seq: number;
  hash: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface Checkpoint extends CheckpointFields {
  keyId: string;
  /** Ed25519 over checkpointMessage(), base64. */
  signature: string;
}

/** One field: `N` for NULL, else `S<length>:<text>`: unambiguous wherever the fields are joined. */
export const field = (v: string | number | null) => (v === null ? 'N' : `S${String(v).length}:${v}`);

export const checkpointMessage = (c: CheckpointFields) =>
  `leeway-log-checkpoint:1:${[c.tenantId, c.seq, c.hash, c.at].map(field).join('')}`;
