/** What /v1/log answers (verification, checkpoints, retention) and what erasing a customer answers: the log receipt. */
import { z } from 'zod';
import { ErasureRequest } from './erasure';

export const LogVerifyReply = z.object({
  tenantId: z.string(),
  ok: z.boolean(),
  entries: z.number().int(),
  pruned: z.number().int(),
  headSeq: z.number().int(),
  /** The first entry found altered, removed or reordered, in words. */
  problem: z.object({ seq: z.number(), id: z.string().nullable(), message: z.string() }).nullable(),
  verifiedAt: z.string(),
});
export type LogVerifyReply = z.infer<typeof LogVerifyReply>;

export const CheckpointView = z.object({
  tenantId: z.string(),
  seq: z.number().int(),
  hash: z.string(),
  /** Milliseconds since the epoch. */
  at: z.number(),
  keyId: z.string(),
  signature: z.string(),
});

/** The signing key and a page of checkpoints in ascending seq (shared/log/witness.ts `Served`). */
export const CheckpointPage = z.object({ keyId: z.string(), publicKey: z.string(), checkpoints: z.array(CheckpointView) });
export type CheckpointPage = z.infer<typeof CheckpointPage>;

export const RetentionReply = z.object({ days: z.number().int().nullable(), pruned: z.number().int() });
export type RetentionReply = z.infer<typeof RetentionReply>;

/** The erasure's log entry (or the stored one, on a repeat), with the request that now records it. */
export const ErasureReply = z.object({
  status: z.enum(['stored', 'duplicate']),
  id: z.string(),
  seq: z.number().int(),
  hash: z.string(),
  erasureRequest: ErasureRequest,
});
export type ErasureReply = z.infer<typeof ErasureReply>;
