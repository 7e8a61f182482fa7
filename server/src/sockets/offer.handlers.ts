import { notFound } from '../errors';
import { panelRecommendations } from '../services/panel-recommendations';
import { outcomeRefusal, recordOfferOutcome } from '../services/recommendations';
import type { Handler } from './handle';
import type { LeewaySocket } from './types';

/** The customer of an interaction this connection opened: the only customer its panel may ask about. */
function customerOnScreen(socket: LeewaySocket, interactionId: string): string {
  const customerId = socket.data.interactions.get(interactionId)?.customerId;
  if (!customerId) throw notFound('No such open interaction with a known customer on this connection');
  return customerId;
}

/** offer:recommend: up to three offers, each within this agent's leeway now or marked as needing approval; pushed again as the customer changes. */
export const recommendOffers: Handler<'offer:recommend'> = async ({ interactionId }, { app, socket }) => {
  const found = await panelRecommendations(app, socket, interactionId, customerOnScreen(socket, interactionId), true);
  if (!found) throw notFound('This customer is no longer in your tenant, or this ticket was closed');
  return found;
};

/** offer:outcome: the customer's answer to an offer, once per interaction. */
export const recordOfferOutcomeHandler: Handler<'offer:outcome'> = async (p, { app, socket, who }) => {
  const done = await recordOfferOutcome(app, who, customerOnScreen(socket, p.interactionId), p);
  if ('problem' in done) throw outcomeRefusal(done.problem, p.offerId) ?? notFound('This customer is no longer in your tenant');
  return done;
};
