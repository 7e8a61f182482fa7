/**
 * What a contact-center desktop's page says about a call, as Leeway's main-world script reads it
 * from the platform's own library (extension/calls/readers) and posts it to the isolated content
 * script. The page can post the same message, so it carries nothing Leeway trusts beyond the page
 * itself: a contact id and the number the platform shows, never a customer id or a token. The
 * server finds the customer from the number, within the agent's tenant.
 */
import { z } from 'zod';

export const CALL_READING = 'leeway:call-reading';
/** The isolated script's "I am listening now": the reader says every live contact again. */
export const CALL_HELLO = 'leeway:call-hello';

/** Where a call stands: ringing (before accept), connected, after-call work, ended. */
export const CALL_STATES = ['ringing', 'connected', 'wrap-up', 'ended'] as const;
export const CallState = z.enum(CALL_STATES);
export type CallState = z.infer<typeof CallState>;

export const CallDesktopId = z.enum(['amazon-connect', 'twilio-flex']);
export type CallDesktopId = z.infer<typeof CallDesktopId>;

export const CallReading = z
  .object({
    type: z.literal(CALL_READING),
    desktop: CallDesktopId,
    /** The platform's id of the contact (Connect's contact id, Flex's task sid). */
    contactId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\w.:-]+$/, 'must be a contact id'),
    state: CallState,
    channel: z.enum(['voice', 'chat']),
    /** Who the platform says is on the line, as it writes it: a number, a SIP or tel URI, a chat identity; null when it shows none. */
    from: z.string().max(200).nullable(),
  })
  .strict();
export type CallReading = z.infer<typeof CallReading>;
