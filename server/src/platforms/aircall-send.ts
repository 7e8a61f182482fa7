/**
 * Sending an insight card to Aircall (POST /v1/calls/{id}/insight_cards, Basic auth with the
 * tenant's API id and token), after the webhook was answered: Aircall waits on nobody's card, and
 * a card that fails is logged and dropped, never retried nor turned into a failed webhook. A card
 * is worth something only while the call is on, and a webhook Aircall sees failing is retried and,
 * after repeated failures, disabled by Aircall (inferred from public integration notes, not
 * Aircall's reference), which would stop every card after it.
 *
 * Logs name the tenant, the call and Aircall's status or the error's kind: never the token, the
 * card, or Aircall's answer (which may quote either).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { InsightCard } from '@shared/schemas/aircall';
import type { PlatformConnection } from '../repositories/platform-connections';

export const AIRCALL_API = 'https://api.aircall.io';

export async function sendInsightCard(
  app: FastifyInstance,
  log: FastifyBaseLogger,
  to: { tenantId: string; callId: string; connection: PlatformConnection<'aircall'> },
  card: InsightCard,
): Promise<boolean> {
  const { apiId } = to.connection.settings;
  const basic = Buffer.from(`${apiId}:${to.connection.secret.apiToken}`, 'utf8').toString('base64');
  const where = { platform: 'aircall', tenantId: to.tenantId, callId: to.callId };
  try {
    const res = await app.platformFetch(`${AIRCALL_API}/v1/calls/${encodeURIComponent(to.callId)}/insight_cards`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: JSON.stringify(card),
    });
    await res.body?.cancel(); // unread: nothing in it is needed, nor logged
    if (res.ok) return true;
    log.warn({ ...where, status: res.status }, 'Aircall refused the insight card; the call goes on without it');
  } catch (err) {
    const e = err as Error;
    log.warn({ ...where, error: e.name === 'TimeoutError' ? 'timeout' : e.name }, 'the insight card did not reach Aircall');
  }
  return false;
}

/**
 * Work started by a webhook and finished after its answer. The server waits for it on close, so a
 * card under way is neither cut off by a restart's drain nor left running on a closed database.
 */
export function afterReply(app: FastifyInstance): (work: Promise<unknown>) => void {
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(running);
  });
  return (work) => {
    const p = work.catch((err) => app.log.error({ err }, 'an Aircall webhook’s work after its answer failed'));
    running.add(p);
    void p.finally(() => running.delete(p));
  };
}
