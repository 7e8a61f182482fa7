/**
 * The one rule for an interaction a client names beside a grant, a request for approval, a
 * resolution or a customer's answer to an offer: it must be one of the caller's own. The id is
 * the client's word, and what hangs off it is not: a request's ticket as its decider sees it, the
 * once-per-interaction answer to an offer, the offers a resolution reports as answered. Another
 * agent's interaction id would show a decider the wrong ticket, or pre-empt that agent's answer.
 */
import type { FastifyInstance } from 'fastify';
import { UserError } from '../errors';

export async function checkOwnInteraction(
  app: FastifyInstance,
  who: { tenantId: string; userId: string },
  interactionId: string | null | undefined,
): Promise<void> {
  if (!interactionId || (await app.repos.interactions.isOwn(who.tenantId, who.userId, interactionId))) return;
  throw new UserError(
    422,
    `interactionId: “${interactionId}” is not one of your interactions: send the id your panel was given when it opened the ticket, or leave it out`,
  );
}
