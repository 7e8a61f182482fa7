/** What /v1/grants answers: the grant recorded (or its duplicate), or the decision alone for a dry run or a refusal. */
import { z } from 'zod';
import { DecisionView } from './policy-replies';

export const UsageView = z.object({
  caps: z.record(z.string(), z.object({ amountCents: z.number(), count: z.number() })),
  agentTodayCents: z.number(),
  teamTodayCents: z.number(),
});

export const GrantRecordView = z.object({
  id: z.string(),
  customerId: z.string(),
  action: z.string(),
  amountCents: z.number(),
  reasonCode: z.string().nullable(),
  policyVersion: z.number().int(),
  createdAt: z.string(),
});

/** A grant recorded (201) or found already recorded under its idempotency key (200). */
export const GrantRecorded = z.object({
  status: z.enum(['recorded', 'duplicate']),
  grant: GrantRecordView,
  decision: DecisionView,
  usage: UsageView,
});
export type GrantRecorded = z.infer<typeof GrantRecorded>;

/** A dry run: what the server would decide. */
export const GrantEvaluation = z.object({ decision: DecisionView, usage: UsageView });
export type GrantEvaluation = z.infer<typeof GrantEvaluation>;
