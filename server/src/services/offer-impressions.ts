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
  const interactionId = await contactOf(app, actor, where.interactionId);
  await app.repos.offerImpressions.record(
    actor.tenantId,
    { ...where, interactionId, userId: actor.userId },
    shown.map((r) => ({ offerId: r.offerId, action: r.action, amountCents: r.amountCents, mode: r.mode })),
    Date.now(),
  );
}
