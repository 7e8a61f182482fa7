/**
 * The contact an interaction belongs to: a reconnect or a refresh opens the same ticket again under
 * a new interaction id, but it is still the one contact with the customer. Offers are drawn, shown
 * and answered per contact, so an answer is learnt once and the suggestions hold still across a
 * reconnect (repositories/interactions.ts contactOf).
 */
import type { FastifyInstance } from 'fastify';

/** An interaction's contact never changes (no interaction is ever opened in the past): kept per server, the newest so many. */
const KEPT = 10_000;
const known = new WeakMap<FastifyInstance, Map<string, string>>();

export async function contactOf(app: FastifyInstance, who: { tenantId: string; userId: string }, interactionId: string): Promise<string> {
  const kept = known.get(app) ?? known.set(app, new Map()).get(app)!;
  const key = `${who.tenantId} ${who.userId} ${interactionId}`;
  const hit = kept.get(key);
  if (hit) return hit;
  const contact = await app.repos.interactions.contactOf(who.tenantId, who.userId, interactionId);
  // Not the caller's: left as it is, for the ownership check to refuse (and not kept).
  if (!contact) return interactionId;
  if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  kept.set(key, contact);
  return contact;
}
