/** What /v1/qa answers about disputes: as stored (opening and settling one), and as the console lists them. */
import { z } from 'zod';

export const DisputeStatus = z.enum(['open', 'upheld', 'amended']);

export const DisputeRow = z.object({
  id: z.string(),
  tenantId: z.string(),
  reviewId: z.string(),
  agentId: z.string(),
  criteria: z.array(z.string()),
  reason: z.string(),
  status: DisputeStatus,
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
});
export type DisputeRow = z.infer<typeof DisputeRow>;

/** One step of a dispute's trail: raised, upheld or amended, by whom (a name where known). */
export const DisputeStep = z.object({
  at: z.string(),
  kind: z.string(),
  by: z.string().nullable(),
  message: z.string(),
  detail: z.unknown(),
});

/** A dispute as the console lists it: with names, its review's resolution and quality, times as ISO strings, and its trail. */
export const Dispute = DisputeRow.extend({
  agentName: z.string().nullable(),
  decidedByName: z.string().nullable(),
  resolutionId: z.string().nullable(),
  reviewerId: z.string().nullable(),
  reviewerName: z.string().nullable(),
  quality: z.number().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  trail: z.array(DisputeStep),
  /** The disputed criteria's scores as the reviewer gave them (before any amendment): what the decider weighs. */
  original: z.record(z.string(), z.object({ score: z.number(), comment: z.string() })),
  /** Each disputed criterion's label on the review's scorecard ("Empathy"). */
  labels: z.record(z.string(), z.string()),
});
export type Dispute = z.infer<typeof Dispute>;
