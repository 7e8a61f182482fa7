/**
 * The contact an interaction belongs to: a reconnect or a refresh opens the same ticket again under
 * a new interaction id, but it is still the one contact with the customer. Offers are drawn, shown
 * and answered per contact, so an answer is learnt once and the suggestions hold still across a
 * reconnect (repositories/interactions.ts contactOf).
 */
import type { FastifyInstance } from 'fastify';

export async function contactOf(app: FastifyInstance, who: { tenantId: string; userId: string }, interactionId: string): Promise<string> {
  // Not the caller's: left as it is, for the ownership check to refuse.
  return (await app.repos.interactions.contactOf(who.tenantId, who.userId, interactionId)) ?? interactionId;
}
