import { z } from 'zod';
import { Id, PositiveCents } from './common';

export const ExceptionRequestBody = z
  .object({
    customerId: Id,
    action: z.string().min(1).max(64),
    amountCents: PositiveCents,
    reasonCode: z.string().min(1).max(64).nullable().optional(),
    note: z.string().trim().min(1, 'is required: tell the supervisor why the customer needs this').max(1000),
    interactionId: Id.optional(),
    idempotencyKey: Id,
  })
  .strict();
export type ExceptionRequestBody = z.infer<typeof ExceptionRequestBody>;

export const ExceptionDecideBody = z
  .object({
    exceptionId: Id,
    /** send_up: the decider passes it to the level above (e.g. a counter-offer beyond their authority). */
    decision: z.enum(['approve', 'deny', 'counter', 'send_up']),
    note: z.string().trim().min(1, 'is required: the agent reads it to the customer').max(1000),
    counter: z
      .object({
        action: z.string().min(1).max(64),
        amountCents: PositiveCents,
        reasonCode: z.string().min(1).max(64).nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => (b.decision === 'counter') === !!b.counter, {
    message: 'a counter-offer needs counter: {action, amountCents}, and only a counter-offer has one',
    path: ['counter'],
  });
export type ExceptionDecideBody = z.infer<typeof ExceptionDecideBody>;

export const ExceptionRef = z.object({ exceptionId: Id }).strict();
export const DutyBody = z.object({ onDuty: z.boolean() }).strict();

export type ExceptionStatus = 'pending' | 'approved' | 'denied' | 'countered' | 'withdrawn';

/** An exception as every party sees it: the agent, and each supervisor it reaches. */
export interface ExceptionView {
  id: string;
  status: ExceptionStatus;
  customer: { id: string; name: string; tier: string; lifetimeValueCents: number };
  agent: { id: string; name: string };
  team: string;
  action: string;
  actionLabel: string;
  amountCents: number;
  currency: string;
  reasonCode: string | null;
  note: string;
  policyReason: string;
  level: string;
  levelName: string;
  createdAt: string;
  dueAt: string;
  decidedAt: string | null;
  decidedBy: { id: string; name: string } | null;
  decisionNote: string | null;
  counter: { action: string; amountCents: number } | null;
  grantId: string | null;
  history: { at: string; kind: string; level: string | null; message: string }[];
  /** The agent's exceptions in the last 30 days, for context. */
  agentRecent: { requested: number; approved: number };
}

export interface DutyState {
  onDuty: boolean;
  level: string | null;
  team: string;
}

/** The team board in the side panel: today's decisions and how fast they came. */
export interface Board {
  decidedToday: number;
  approvedToday: number;
  medianLatencySeconds: number | null;
}
