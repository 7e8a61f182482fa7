/**
 * The one rule for an interaction a client names beside a grant, a request for approval, a
 * resolution or a customer's answer to an offer: it must be one of the caller's own. The id is
 * the client's word, and what hangs off it is not: a request's ticket as its decider sees it, the
 * once-per-interaction answer to an offer, the offers a resolution reports as answered. Another
 * agent's interaction id would show a decider the wrong ticket, or pre-empt that agent's answer;
 * so would the caller's own interaction on another customer's ticket (or on a ticket whose requester
 * matched nobody, until it is linked), or — for a resolution, which
 * names its ticket — on another ticket: the log would tie one ticket's record to another's contact.
 */
import type { FastifyInstance } from 'fastify';
import { UserError } from '../errors';

export async function checkOwnInteraction(
  app: FastifyInstance,
  who: { tenantId: string; userId: string },
  interactionId: string | null | undefined,
  /** The customer the call is about: an interaction opened for another one is not this call's. */
  customerId?: string | null,
  /** The ticket the call is about (a resolution's): an interaction opened on another ticket is not this call's. */
  ticket?: { helpdesk: string; instance?: string | null; ticketId: string },
): Promise<void> {
  if (!interactionId) return;
  const own = await app.repos.interactions.own(who.tenantId, who.userId, interactionId);
  if (!own)
    throw new UserError(
      422,
      `interactionId: “${interactionId}” is not one of your interactions: send the id your panel was given when it opened the ticket, or leave it out`,
    );
  // Records and interactions from before instances existed name none: their helpdesk and ticket must still agree.
  const otherInstance = !!ticket?.instance && !!own.instance && own.instance !== ticket.instance;
  if (ticket && (own.helpdesk !== ticket.helpdesk || own.ticketId !== ticket.ticketId || otherInstance))
    throw new UserError(
      422,
      `interactionId: “${interactionId}” was opened on another ticket: send the id your panel was given for ticket ${ticket.ticketId}, or leave it out`,
    );
  // Opened on a requester who matched nobody: it is no customer's ticket until the agent links the requester (customer:link sets it).
  if (customerId && !own.customerId)
    throw new UserError(
      422,
      `interactionId: “${interactionId}” was opened on a ticket whose requester matches no customer: link the requester to this customer in the panel first, or leave it out`,
    );
  if (customerId && own.customerId && own.customerId !== customerId && !(await sameSurvivor(app, who.tenantId, own.customerId, customerId)))
    throw new UserError(
      422,
      `interactionId: “${interactionId}” was opened for another customer: send the id of the ticket that shows this customer, or leave it out`,
    );
}

/** Two ids of one customer since a merge (one merged into the other, or both named by their survivor). */
async function sameSurvivor(app: FastifyInstance, tenantId: string, a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((id) => app.repos.customers.resolveRef(tenantId, { id })));
  return x !== null && x === y;
}
