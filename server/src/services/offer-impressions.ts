/**
 * What the panel was shown, per interaction: the QA report of suggested offers compares it with
 * what the agent then granted (an override, or always the most generous offer).
 */
import type { FastifyInstance } from 'fastify';
import type { Recommendation } from '@shared/schemas/recommendations';
import type { Actor } from '../repositories/grants';
import { contactOf } from './contact';

export async function recordShown(
  app: FastifyInstance,
  actor: Actor,
  where: { interactionId: string; customerId: string },
  shown: readonly Recommendation[],
): Promise<void> {
  // Per contact, as answers are: a reconnect's new interaction shows the same contact's offers.
  const contact = await contactOf(app, actor, where.interactionId);
  await storeShown(app, actor, { contact, customerId: where.customerId }, shown, Date.now());
}

/** Keeps what was shown under a contact key already resolved (a panel's contact, or REST's per day). */
export async function storeShown(
  app: FastifyInstance,
  actor: Actor,
  where: { contact: string; customerId: string },
  shown: readonly Recommendation[],
  at: number,
): Promise<void> {
  await app.repos.offerImpressions.record(
    actor.tenantId,
    { interactionId: where.contact, customerId: where.customerId, userId: actor.userId },
    shown.map((r) => ({ offerId: r.offerId, action: r.action, amountCents: r.amountCents, mode: r.mode })),
    at,
  );
}
