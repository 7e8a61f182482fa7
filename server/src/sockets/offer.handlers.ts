import { notFound, UserError } from '../errors';
import { recordShown } from '../services/offer-impressions';
import { recommendationsFor, recordOfferOutcome } from '../services/recommendations';
import type { Handler } from './handle';
import type { LeewaySocket } from './types';

/** The customer of an interaction this connection opened: the only customer its panel may ask about. */
function customerOnScreen(socket: LeewaySocket, interactionId: string): string {
  const customerId = socket.data.interactions.get(interactionId);
  if (!customerId) throw notFound('No such open interaction with a known customer on this connection');
  return customerId;
}

/**
 * Per connection, the offers already stored as shown in each of its open interactions. A panel
 * asks again on every push; only an offer it has not been shown before in that interaction needs
 * the write (a first showing is kept, so a repeat changes nothing), which spares the ask a commit.
 */
const storedShown = new WeakMap<LeewaySocket, Map<string, Set<string>>>();

/** The offer ids stored as shown in this connection's interaction (closed interactions forgotten). */
function shownIn(socket: LeewaySocket, interactionId: string): Set<string> {
  const byInteraction = storedShown.get(socket) ?? storedShown.set(socket, new Map()).get(socket)!;
  for (const id of byInteraction.keys()) if (!socket.data.interactions.has(id)) byInteraction.delete(id);
  return byInteraction.get(interactionId) ?? byInteraction.set(interactionId, new Set()).get(interactionId)!;
}

/** offer:recommend: up to three offers, each within this agent's leeway now or marked as needing approval. */
export const recommendOffers: Handler<'offer:recommend'> = async ({ interactionId }, { app, socket, who }) => {
  const customerId = customerOnScreen(socket, interactionId);
  const found = await recommendationsFor(app, who, customerId, interactionId);
  if (!found) throw notFound('This customer is no longer in your tenant');
  // Kept for QA (overrides, the most generous offer): what this agent was shown in this interaction,
  // stored before the answer, so a grant made from it always finds it.
  const stored = shownIn(socket, interactionId);
  const fresh = found.recommendations.filter((r) => !stored.has(r.offerId));
  if (fresh.length) {
    await recordShown(app, who, { interactionId, customerId }, fresh);
    for (const r of fresh) stored.add(r.offerId);
  }
  return found;
};

/** offer:outcome: the customer's answer to an offer, once per interaction. */
export const recordOfferOutcomeHandler: Handler<'offer:outcome'> = async (p, { app, socket, who }) => {
  const done = await recordOfferOutcome(app, who, customerOnScreen(socket, p.interactionId), p);
  if ('problem' in done) {
    if (done.problem === 'customer') throw notFound('This customer is no longer in your tenant');
    throw new UserError(422, `offerId: “${p.offerId}” is not one of your tenant's current offers`);
  }
  return done;
};
