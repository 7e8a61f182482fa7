/**
 * POST /v1/ingest/calls: a contact-center platform (or a forwarder of its events, such as an
 * Amazon Connect contact-event rule) tells Leeway where a call or chat stands. Signed like
 * /v1/ingest/events. Each event may arrive twice, late or out of order: the server keeps each
 * state's first time and never moves a call backwards.
 */
import { z } from 'zod';
import { CALL_STATES, CallDesktopId } from './call-reading';
import { Email, Id, IsoDateTime } from './common';

/** The same four states a desktop's page reports (call-reading.ts): 'wrap-up' is after-call work. */
export { CALL_STATES, CallDesktopId, type CallState } from './call-reading';

export const CallEvent = z
  .object({
    /** The platform's name in lower case: amazon-connect, twilio-flex, genesys, aircall, five9… */
    platform: z
      .string({ error: 'is required: the platform the call is on, like amazon-connect' })
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be the platform’s name in lower-case letters, digits and dashes, like amazon-connect'),
    /** The platform's id of the contact (Connect's ContactId, Flex's task sid, Genesys's conversation id). */
    contactId: z
      .string({ error: 'is required: the call’s id on your platform' })
      .min(1, 'is required: the call’s id on your platform')
      .max(128)
      .regex(/^[\w.:-]+$/, 'must be the call’s id: letters, digits, dots, colons, dashes and underscores'),
    state: z.enum(CALL_STATES, { error: `must be one of: ${CALL_STATES.join(', ')}` }),
    channel: z.enum(['voice', 'chat'], { error: 'must be voice or chat' }).default('voice'),
    /** The caller's number as the platform gives it; null or absent when withheld. Read once: the first event's. */
    caller: z.string().trim().max(64).nullish(),
    /** The agent the contact is with, by their Leeway email. */
    agent: Email.optional(),
    occurredAt: IsoDateTime,
  })
  .strict();
export type CallEvent = z.input<typeof CallEvent>;

export const CallReply = z.object({
  /** `unchanged`: the call already knew this (a redelivery, or a state it had passed). */
  status: z.enum(['stored', 'unchanged']),
  state: z.enum(CALL_STATES),
  /** The caller as matched when the call was first heard of: known, a conflict, unknown or withheld. */
  caller: z.enum(['known', 'conflict', 'unknown', 'withheld', 'unreadable']),
  customerId: Id.nullable(),
  handleTimeSeconds: z.number().int().nullable(),
});
export type CallReply = z.infer<typeof CallReply>;

/**
 * GET/PUT /v1/settings/calls: the contact-center desktops whose calls the platform's own events
 * (POST /v1/ingest/calls) confirm. On those, the panel shows the caller the platform gave, only
 * for a call that is the agent's (or not yet anyone's), and never what the page reads.
 */
export const CallSettings = z
  .object({
    confirmedBy: z
      .array(z.enum(CallDesktopId.options, { error: 'must be a desktop Leeway follows calls on: amazon-connect or twilio-flex' }), {
        error: 'must be a list of desktops: amazon-connect, twilio-flex',
      })
      .max(CallDesktopId.options.length)
      .refine((l) => new Set(l).size === l.length, 'must name each desktop once'),
  })
  .strict();
export type CallSettings = z.infer<typeof CallSettings>;
