/**
 * Suggested offers at work on a server process, as the agent's panel does it over its socket:
 * three interactions with Dana, each shown the offers; the customer accepts the first offer in
 * one, declines it in another, and in the third the agent grants a refund no offer grants (an
 * override). Which offers are shown is the server's to say (it explores at random): the first one
 * shown is the one answered, and what was shown where is returned.
 */
import { randomUUID } from 'node:crypto';
import type { InteractionOpened } from '@shared/schemas/context';
import type { Recommendations } from '@shared/schemas/recommendations';
import { connectSocket, send, signIn } from './remote-clients';

export interface OfferTraffic {
  accepted: string;
  declined: string;
  /** Offer id → in how many of the three interactions it was shown. */
  shownIn: Record<string, number>;
}

export async function offerTraffic(url: string, agent = 'agent@acme.test'): Promise<OfferTraffic> {
  const socket = await connectSocket(url, await signIn(url, agent));
  const must = async <T>(event: string, payload: unknown): Promise<T> => {
    const res = await send(socket, event, payload);
    if (!res || !('data' in res)) throw new Error(`${event} failed: ${JSON.stringify(res).slice(0, 300)}`);
    return res.data as T;
  };
  try {
    const shown: { interactionId: string; customerId: string; offerId: string }[] = [];
    const shownIn: Record<string, number> = {};
    for (const ticketId of ['8801', '8802', '8803']) {
      const opened = await must<InteractionOpened>('interaction:open', {
        helpdesk: 'zendesk',
        instance: 'acme.zendesk.com',
        ticketId,
        requester: { email: 'dana.whitfield@example.com' },
      });
      if (opened.status !== 'known') throw new Error(`Dana should be known: ${opened.status}`);
      const { recommendations } = await must<Recommendations>('offer:recommend', { interactionId: opened.interactionId });
      if (!recommendations[0]) throw new Error('Dana should be offered something');
      for (const r of recommendations) shownIn[r.offerId] = (shownIn[r.offerId] ?? 0) + 1;
      shown.push({ interactionId: opened.interactionId, customerId: opened.context.customer.id, offerId: recommendations[0].offerId });
    }
    const [a, b, c] = shown as [(typeof shown)[0], (typeof shown)[0], (typeof shown)[0]];
    await must('offer:outcome', { interactionId: a.interactionId, offerId: a.offerId, accepted: true });
    await must('offer:outcome', { interactionId: b.interactionId, offerId: b.offerId, accepted: false });
    const granted = await must<{ status: string }>('grant:record', {
      customerId: c.customerId,
      action: 'refund',
      amountCents: 500,
      reasonCode: 'billing_error',
      interactionId: c.interactionId,
      idempotencyKey: randomUUID(),
    });
    if (granted.status !== 'recorded') throw new Error(`the refund should be recorded: ${JSON.stringify(granted)}`);
    return { accepted: a.offerId, declined: b.offerId, shownIn };
  } finally {
    socket.close();
  }
}
