import { randomUUID } from 'node:crypto';
import { signedHeaders } from '@shared/webhook-signature';
import { CUSTOMER_EMAIL } from './leeway-demo';
import { nowMs } from './stats';

/**
 * Sends one event for the demo customer through the signed webhook, as a business system does,
 * and resolves with when it was sent (node clock) and the id it was stored under.
 */
export async function sendSignedEvent(
  serverUrl: string,
  key: { id: string; secret: string },
  event: { type: string; data: Record<string, unknown> },
): Promise<[number, string]> {
  const body = JSON.stringify({ id: randomUUID(), occurredAt: new Date().toISOString(), ...event, customer: { email: CUSTOMER_EMAIL } });
  const headers = signedHeaders(key.id, key.secret, body);
  const t0 = nowMs();
  const res = await fetch(`${serverUrl}/v1/ingest/events`, { method: 'POST', headers, body });
  const reply = (await res.json()) as { status?: string; eventId?: string };
  if (res.status !== 200 || reply.status !== 'stored' || !reply.eventId) throw new Error(`ingest: ${res.status} ${JSON.stringify(reply)}`);
  return [t0, reply.eventId];
}
