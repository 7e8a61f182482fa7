/**
 * Aircall's webhook as Leeway reads it, and the Insight Card Leeway sends back, from Aircall's
 * public developer documentation (developer.aircall.io: "Display caller context during calls",
 * the webhooks overview and the Call object). Aircall signs nothing: every body carries `token`,
 * the webhook's own token, which the server compares with the one the admin saved.
 *
 * Inferred, not documented in what we could read: which call fields are optional or null (the
 * schema accepts absence wherever the documentation's examples leave a field out), the call id
 * as a number (a digit string is taken too), and the card's text lengths (kept short here).
 */
import { z } from 'zod';

/** Every event's envelope: checked before the token, and all an event Leeway ignores needs. */
export const AircallWebhook = z.looseObject({
  resource: z.string({ error: 'is required: the resource the event is about, like call' }).max(64),
  event: z.string({ error: 'is required: the event, like call.created' }).max(64),
  /** Unix seconds. Inferred optional: an event without it is dated when received. */
  timestamp: z.number({ error: 'must be the event’s time in unix seconds' }).int().positive().optional(),
  token: z.string({ error: 'is required: the webhook’s token Aircall sends in every event' }).min(1).max(512),
  data: z.unknown(),
});
export type AircallWebhook = z.infer<typeof AircallWebhook>;

/** Unix seconds, or null while the call has not got there. */
const At = z.number().int().positive().nullish();

const CALL_ID = 'must be the call’s id, a number';

/** The call object of a call.* event: only what Leeway uses; the rest is left as sent. */
export const AircallCall = z.looseObject({
  id: z.union([z.number().int(CALL_ID).positive(CALL_ID), z.string().regex(/^\d{1,20}$/, CALL_ID)], { error: CALL_ID }),
  direction: z.enum(['inbound', 'outbound'], { error: 'must be inbound or outbound' }),
  /** The customer's number as Aircall shows it ("anonymous" when withheld); inferred nullable. */
  raw_digits: z.string().max(64).nullish(),
  /** The Aircall user on the call: absent or null while an inbound call rings a team. */
  user: z.looseObject({ email: z.string().max(254).nullish() }).nullish(),
  started_at: At,
  answered_at: At,
  ended_at: At,
});
export type AircallCall = z.infer<typeof AircallCall>;

/** The call events Leeway acts on; any other resource or event is answered 200 and ignored. */
export const AIRCALL_CALL_EVENTS = ['call.created', 'call.answered', 'call.hungup', 'call.ended'] as const;
export type AircallCallEvent = (typeof AIRCALL_CALL_EVENTS)[number];

/** POST https://api.aircall.io/v1/calls/{id}/insight_cards, Basic auth with the API id and token. */
const CardText = z.string().min(1).max(200);
export const InsightCardLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('title'), text: CardText, link: z.url().optional() }).strict(),
  z.object({ type: z.literal('shortText'), label: z.string().min(1).max(60), text: CardText, link: z.url().optional() }).strict(),
]);
export type InsightCardLine = z.infer<typeof InsightCardLine>;
export const InsightCard = z.object({ contents: z.array(InsightCardLine).min(1).max(12) }).strict();
export type InsightCard = z.infer<typeof InsightCard>;

/** What the webhook answers: Aircall reads only the status; the word says what was done, for a person testing it. */
export const AircallWebhookReply = z.object({
  status: z.enum(['accepted', 'ignored']),
  /** For accepted call events: whether an insight card is on its way to Aircall. */
  card: z.boolean().optional(),
});
export type AircallWebhookReply = z.infer<typeof AircallWebhookReply>;
