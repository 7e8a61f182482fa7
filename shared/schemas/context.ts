import { z } from 'zod';
import { Email, Id, Phone } from './common';
import type { CustomerEvent } from './customer-events';
import type { ExceptionView } from './exceptions';
import type { LeewayState } from './grants';
import type { LogReceipt } from './resolutions';
import type { Signals } from './signals';
import { HelpdeskRef } from './helpdesk-ref';
import { PopQuery } from './pop';
import { Tier } from './tier';
import { HelpdeskInstance } from '../helpdesk-instance';

export { HELPDESKS, Helpdesk } from './helpdesk-ref';

/** What an adapter read from the helpdesk page about the person asking. */
export const Requester = z
  .object({
    email: Email.optional(),
    phone: Phone.optional(),
    name: z.string().max(200).optional(),
    helpdeskId: Id.optional(),
  })
  .strict();
export type Requester = z.infer<typeof Requester>;

export const InteractionOpen = z
  .object({
    helpdesk: HelpdeskRef,
    /** The page's host (shared/helpdesk-instance.ts instanceOf): ids mean something only inside it; the tenant must have pinned it. */
    instance: HelpdeskInstance,
    ticketId: Id,
    requester: Requester,
    /**
     * On a screen-pop page (helpdesk 'screen-pop'): the signed pop as the URL carries it. The server
     * verifies it and takes the caller from it; the requester sent beside it counts for nothing.
     */
    pop: PopQuery.optional(),
  })
  .strict();
export type InteractionOpen = z.infer<typeof InteractionOpen>;

export const InteractionClose = z.object({ interactionId: Id }).strict();

export const InteractionMessages = z
  .object({
    interactionId: Id,
    // `at` as the page gives it, in any format Date.parse reads: one it cannot read is refused here rather than failing the insert.
    messages: z
      .array(
        z
          .object({
            text: z.string().min(1).max(5000),
            at: z
              .string()
              .max(40)
              .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date-time, like 2026-11-23T10:00:00Z')
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict();
export const RevealBody = z.object({ customerId: Id, field: z.enum(['email', 'phone']) }).strict();
export type InteractionClose = z.infer<typeof InteractionClose>;

export { TIERS, Tier } from './tier';

export const CustomerProfile = z.object({
  id: Id,
  name: z.string(),
  tier: Tier,
  lifetimeValueCents: z.number().int(),
  currency: z.string(),
  customerSince: z.string(),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

export const OpenTicket = z.object({ ref: z.string(), channel: z.string(), subject: z.string().nullable(), openedAt: z.string() });
export type OpenTicket = z.infer<typeof OpenTicket>;

/** Outgoing only: events were validated on the way in, so the reply schema stays loose. */
const CustomerEventOut = z.custom<CustomerEvent>((v) => typeof v === 'object' && v !== null && 'type' in v && 'data' in v);

/** Personal contact details, masked: the panel shows them in full only on an audited reveal. */
export const MaskedContact = z.object({ email: z.string().nullable(), phone: z.string().nullable() });
export const IdentityConflict = z.object({ kind: z.string(), value: z.string(), otherCustomer: z.string() });

export const CustomerContext = z.object({
  customer: CustomerProfile,
  contact: MaskedContact,
  /** What the customer agreed to; a missing key means not asked. */
  consent: z.record(z.string(), z.boolean()),
  /** Identities another record also claims: shown, never guessed. */
  conflicts: z.array(IdentityConflict),
  openTickets: z.array(OpenTicket),
  /** Newest first. */
  recentEvents: z.array(CustomerEventOut),
  signals: z.custom<Signals>((v) => typeof v === 'object' && v !== null),
});
export type CustomerContext = z.infer<typeof CustomerContext>;

/** One identity the page gave, and whose it is: masked as the panel shows contact details. */
export interface PageIdentity {
  kind: 'email' | 'phone' | 'helpdesk';
  /** Email and phone masked (d***@example.com); a helpdesk requester id as `<id> on <instance>`. */
  value: string;
  /** The customer holding it, by name; null when nobody does. */
  customer: string | null;
}

/**
 * The answer to interaction:open. A requester we cannot match is a normal outcome, not an error.
 * `conflict`: the page's identities disagree (its requester id is one customer's, its email
 * another's or nobody's); no customer is shown or acted for until people settle it. It carries
 * `tried` too, so a panel that knows only `unknown` still shows no customer.
 */
export type InteractionOpened =
  | { interactionId: string; status: 'known'; context: CustomerContext; leeway: LeewayState | null; standing: TicketStanding }
  | { interactionId: string; status: 'unknown'; tried: string[] }
  | { interactionId: string; status: 'conflict'; tried: string[]; message: string; identities: PageIdentity[] };

/** A ticket's resolution record as stored: its receipt and when it was logged. */
export type LoggedResolution = LogReceipt & { at: string };

/**
 * Where the ticket stands for the agent opening it, so a panel rebuilt after a switch or a
 * reconnect shows the same thing: this agent's latest request raised on the ticket (any status),
 * and the ticket's resolution if anyone logged it.
 */
export interface TicketStanding {
  exception: ExceptionView | null;
  logged: LoggedResolution | null;
}

export const RECENT_EVENTS_LIMIT = 20;
