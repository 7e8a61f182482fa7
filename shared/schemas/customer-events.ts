import { z } from 'zod';
import { AmountCents, Currency, Email, Id, IsoDateTime, Phone } from './common';

/**
 * Customer events that business systems push (webhook) and that the panel shows.
 * One schema per type; add a type by adding a member to `eventData`.
 */
const money = { amountCents: AmountCents, currency: Currency };
export const eventData = {
  'order.placed': z.object({ orderId: Id, ...money }),
  'order.refunded': z.object({ orderId: Id, ...money, reason: z.string().max(500).optional() }),
  'payment.failed': z.object({ ...money, reason: z.string().max(500).optional() }),
  'subscription.changed': z.object({ from: z.string().max(100).optional(), to: z.string().min(1).max(100) }),
  'page.visited': z.object({ url: z.url('must be a full URL'), title: z.string().max(300).optional() }),
  'contact.opened': z.object({ channel: z.string().min(1).max(50), ticketRef: Id, subject: z.string().max(300).optional() }),
  'contact.closed': z.object({ channel: z.string().min(1).max(50), ticketRef: Id }),
  'survey.answered': z.object({
    survey: z.enum(['csat', 'nps', 'ces']),
    score: z.number().int().min(0).max(10),
    comment: z.string().max(2000).optional(),
    /** The helpdesk ticket surveyed, as helpdesk:id (e.g. zendesk:101): attaches the answer to its resolution. */
    ticketRef: z.string().min(1).max(128).optional(),
  }),
} as const;
export type EventType = keyof typeof eventData;
export const EVENT_TYPES = Object.keys(eventData) as EventType[];

/** Who the event is about: any one identity the business knows. */
export const CustomerRef = z
  .object({ id: Id.optional(), email: Email.optional(), phone: Phone.optional(), externalId: Id.optional() })
  .strict()
  .refine((r) => r.id || r.email || r.phone || r.externalId, {
    message: 'must name the customer by at least one of id, email, phone or externalId',
  });
export type CustomerRef = z.infer<typeof CustomerRef>;

const envelope = {
  /** The sender's own id for this event: a retried delivery with the same id is stored once. */
  id: Id,
  occurredAt: IsoDateTime,
  customer: CustomerRef,
};
const ev = <T extends EventType>(type: T) => z.object({ ...envelope, type: z.literal(type), data: eventData[type] });
export const IngestEvent = z.discriminatedUnion(
  'type',
  [
    ev('order.placed'),
    ev('order.refunded'),
    ev('payment.failed'),
    ev('subscription.changed'),
    ev('page.visited'),
    ev('contact.opened'),
    ev('contact.closed'),
    ev('survey.answered'),
  ],
  { error: () => `type must be one of: ${EVENT_TYPES.join(', ')}` },
);
export type IngestEvent = z.infer<typeof IngestEvent>;

/** Types an admin declares (`custom.trial_started`); their data is checked against the declaration. */
export const CUSTOM_TYPE = /^custom\.[a-z0-9_]{1,48}$/;
export const CustomIngestEvent = z
  .object({
    ...envelope,
    type: z.string().regex(CUSTOM_TYPE, 'must be custom.<name> in lowercase letters, digits and underscores'),
    data: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()])),
  })
  .strict();
export type CustomIngestEvent = z.infer<typeof CustomIngestEvent>;

export const EventTypeField = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/, 'must be a field name: letters, digits, underscores'),
    kind: z.enum(['string', 'number', 'boolean', 'money']),
    required: z.boolean().default(false),
  })
  .strict();
export const EventTypeBody = z
  .object({
    type: z.string().regex(CUSTOM_TYPE, 'must be custom.<name> in lowercase letters, digits and underscores'),
    label: z.string().trim().min(1).max(80),
    fields: z.array(EventTypeField).max(30),
  })
  .strict();
export type EventTypeBody = z.infer<typeof EventTypeBody>;
/** `{type, data}` pairs, one per event type, so `switch (e.type)` narrows `e.data`. */
export type AnyEventData =
  | (IngestEvent extends infer E ? (E extends { type: infer T; data: infer D } ? { type: T; data: D } : never) : never)
  | { type: `custom.${string}`; data: Record<string, string | number | boolean> };

export const IngestReply = z.object({
  status: z.enum(['stored', 'duplicate']),
  eventId: Id,
  customerId: Id,
});
export type IngestReply = z.infer<typeof IngestReply>;

/** An event as the panel receives it. */
export type CustomerEvent = { id: string; customerId: string; occurredAt: string; receivedAt: string } & AnyEventData;
