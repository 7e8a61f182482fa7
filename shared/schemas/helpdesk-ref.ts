/**
 * Which helpdesk a ticket belongs to, on the wire and in ticket references: a built-in id, or
 * `custom:<name>` for a declarative adapter. Its own file so context.ts can use it without an
 * import cycle through adapters.ts.
 */
import { z } from 'zod';
import { CustomHelpdesk } from './adapters';

export const HELPDESKS = [
  'zendesk',
  'freshdesk',
  'salesforce',
  'intercom',
  'hubspot',
  'helpscout',
  'front',
  'zohodesk',
  'gorgias',
  'servicenow',
  'kustomer',
  'chatwoot',
  'zammad',
  'freescout',
  // Leeway's own demo desk, served by a server in demo mode (server/src/routes/demo-desk.ts).
  'demo-desk',
  // Contact-center desktops: a "ticket" there is a call or chat, keyed by the platform's contact id
  // (extension/calls/desktops.ts).
  'amazon-connect',
  'twilio-flex',
  // A signed screen-pop URL opened on this server by any platform that can open one on ringing.
  'screen-pop',
  // Genesys Cloud's interaction widget: this server's /widgets/genesys page inside the agent's
  // Genesys desktop, keyed by the conversation id; the server asks Genesys who is calling.
  'genesys',
] as const;
/** A built-in helpdesk. */
export const Helpdesk = z.enum(HELPDESKS);
export type Helpdesk = z.infer<typeof Helpdesk>;

export const HelpdeskRef = z.union([Helpdesk, CustomHelpdesk]);
export type HelpdeskRef = Helpdesk | `custom:${string}`;
