import { z } from 'zod';
import { Id, PositiveCents } from './common';
import type { Decision, Situation, Usage } from '../policy/types';
import type { PolicyDocument } from './policy';

export const GrantBody = z
  .object({
    customerId: Id,
    action: z.string().min(1).max(64),
    amountCents: PositiveCents,
    reasonCode: z.string().min(1).max(64).nullable().optional(),
    interactionId: Id.optional(),
    /** Chosen by the client once per grant: a retry with the same key is recorded once. */
    idempotencyKey: Id,
  })
  .strict();
export type GrantBody = z.infer<typeof GrantBody>;

/** A dry run: what would the server decide? Nothing is recorded. */
export const EvaluateBody = GrantBody.omit({ idempotencyKey: true, interactionId: true });
export type EvaluateBody = z.infer<typeof EvaluateBody>;

export interface GrantRecord {
  id: string;
  customerId: string;
  action: string;
  amountCents: number;
  reasonCode: string | null;
  policyVersion: number;
  createdAt: string;
}

export type GrantOutcome =
  | { status: 'recorded' | 'duplicate'; grant: GrantRecord; decision: Decision; usage: Usage }
  | { status: 'refused'; decision: Decision; usage: Usage };

/** What the panel needs to run the evaluator locally for the customer on screen. */
export interface LeewayState {
  policyVersion: number;
  policy: PolicyDocument;
  situation: Situation;
}
