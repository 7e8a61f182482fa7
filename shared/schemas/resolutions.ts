import { z } from 'zod';
import { Id, PositiveCents } from './common';
import { CATEGORIES, OUTCOMES } from '../resolution-options';
import { HelpdeskRef } from './helpdesk-ref';
import { HelpdeskInstance } from '../helpdesk-instance';

export { CATEGORIES, OUTCOMES };

export const ResolutionAction = z
  .object({
    action: z.string().min(1).max(64),
    amountCents: PositiveCents,
    /** The recorded grant this action refers to; the server checks it and marks leeway vs exception. */
    grantId: Id.optional(),
  })
  .strict();

export const ResolutionBody = z
  .object({
    /** Chosen once by the extension's outbox: however often it is sent, it is stored once. */
    idempotencyKey: Id,
    interactionId: Id.optional(),
    customerId: Id.optional(),
    helpdesk: HelpdeskRef,
    /**
     * The page's host. Optional: records written to a browser's outbox before instances existed
     * lack it and must still be stored; the server then takes it from the interaction, if any.
     */
    instance: HelpdeskInstance.optional(),
    ticketId: Id,
    outcome: z.enum(OUTCOMES, { error: `must be one of: ${OUTCOMES.join(', ')}` }),
    category: z.enum(CATEGORIES, { error: `must be one of: ${CATEGORIES.join(', ')}` }),
    actions: z.array(ResolutionAction).max(50).default([]),
    reasonCodes: z.array(z.string().min(1).max(64)).max(20).default([]),
    note: z.string().max(4000).default(''),
    handleTimeSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600),
    /** A call or chat on a contact-center desktop or a screen pop; absent for a helpdesk ticket. */
    channel: z.enum(['voice', 'chat'], { error: 'must be voice or chat, or left out for a ticket' }).optional(),
  })
  .strict();
export type ResolutionBody = z.input<typeof ResolutionBody>;

/** Fields a correction may change, with why. */
export const CorrectionBody = z
  .object({
    idempotencyKey: Id,
    outcome: z.enum(OUTCOMES).optional(),
    category: z.enum(CATEGORIES).optional(),
    note: z.string().trim().min(1, 'is required: say what was wrong in the original').max(4000),
  })
  .strict();
export type CorrectionBody = z.infer<typeof CorrectionBody>;

/** resolution:draft: the ticket the panel is about to resolve, on its instance. */
export const DraftBody = z.object({ helpdesk: HelpdeskRef, instance: HelpdeskInstance, ticketId: Id }).strict();
export type DraftBody = z.infer<typeof DraftBody>;

/** What Leeway already knows when the agent resolves: the form starts from this. */
export interface ResolutionDraft {
  helpdesk: string;
  instance: string;
  ticketId: string;
  customerId: string | null;
  handleTimeSeconds: number;
  actions: { action: string; amountCents: number; grantId: string; via: 'leeway' | 'exception'; approvedBy: string | null }[];
  reasonCodes: string[];
}

export interface LogReceipt {
  status: 'stored' | 'duplicate';
  id: string;
  seq: number;
  hash: string;
}

export interface VerifyReport {
  tenantId: string;
  ok: boolean;
  entries: number;
  pruned: number;
  headSeq: number;
  /** The first entry found altered, removed or reordered, in words. */
  problem: { seq: number; id: string | null; message: string } | null;
  verifiedAt: string;
}
