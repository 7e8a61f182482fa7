/**
 * Pages whose caller the server finds itself: for these, what the page sends as the requester
 * counts for nothing. A signed screen pop names it (services/pop.ts); a Genesys Cloud widget's
 * conversation is asked of Genesys (services/genesys-widget.ts); an Amazon Connect or Twilio Flex
 * call is the platform's signed call events' word, where the admin says they confirm its calls
 * (services/confirmed-calls.ts; otherwise the page's reading). Add the next such source here.
 */
import type { FastifyInstance } from 'fastify';
import type { InteractionOpen, Requester } from '@shared/schemas/context';
import type { HelpdeskRef } from '@shared/schemas/helpdesk-ref';
import { type Asker, confirmedCaller } from './confirmed-calls';
import { genesysCaller } from './genesys-widget';
import { popCaller } from './pop';

/** `who.live`: whether the asking connection is still there (a source that waits stops when it is gone). */
type CallerSource = (app: FastifyInstance, who: Asker, p: InteractionOpen) => Promise<Requester>;

export const SERVER_CALLERS: Partial<Record<HelpdeskRef, CallerSource>> = {
  'screen-pop': popCaller,
  genesys: genesysCaller,
  'amazon-connect': confirmedCaller('amazon-connect'),
  'twilio-flex': confirmedCaller('twilio-flex'),
};

/** The requester an interaction opens with: the server's finding where it has a source, else the page's reading. */
export const requesterOf = (app: FastifyInstance, who: Asker, p: InteractionOpen): Promise<Requester> =>
  SERVER_CALLERS[p.helpdesk as HelpdeskRef]?.(app, who, p) ?? Promise.resolve(p.requester);
