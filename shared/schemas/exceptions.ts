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
    /** Optional for an approval (the request's own words stand); a denial, a counter-offer or a send-up needs one. */
    note: z.string().trim().max(1000).optional(),
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
  })
  .refine((b) => b.decision === 'approve' || !!b.note, {
    message: 'is required: the agent reads it to the customer',
    path: ['note'],
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
  /** The ticket the agent asked from (its interaction), for a link; null when asked off a ticket. */
  ticket: TicketOfRequest | null;
  /** What this customer already received, for context: every grant but this request's own. */
  customerReceived: CustomerReceived;
  /**
   * The agent's other requests in the last 30 days (this one not counted), by outcome.
   * `requested` leaves withdrawn ones out; `approved` counts approvals only, not counter-offers.
   */
  agentRecent: { requested: number; approved: number; countered: number; denied: number; pending: number; withdrawn: number };
}

export interface TicketOfRequest {
  /** shared/ticket-ref.ts's form: `zendesk@acme.zendesk.com:101`. */
  ref: string;
  helpdesk: string;
  /** The helpdesk host; null on records from before instances (no link can be built). */
  instance: string | null;
  id: string;
}

export interface ReceivedTotal {
  count: number;
  amountCents: number;
}

/** Grants to one customer: today (from midnight UTC, as daily budgets count) and in the last 30 days. */
export interface CustomerReceived {
  today: ReceivedTotal;
  last30Days: ReceivedTotal;
  /** The newest few, newest first. */
  latest: { action: string; actionLabel: string; amountCents: number; at: string; agentName: string; onThisTicket: boolean }[];
}

export interface DutyState {
  onDuty: boolean;
  level: string | null;
  team: string;
}

/** The team board in the side panel: today's decisions and how fast they came, and what was decided lately. */
export interface Board {
  decidedToday: number;
  /** Approvals only: counter-offers are counted apart. */
  approvedToday: number;
  counteredToday: number;
  medianLatencySeconds: number | null;
  /** The asking supervisor's duty as stored, so the side panel shows it on opening. */
  duty: DutyState | null;
  /** The latest requests of the supervisor's team (every team for the pool) that were decided or withdrawn, newest first: read from the database, so they survive a restart. */
  recentlyDecided: ExceptionView[];
}
