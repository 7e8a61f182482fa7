import { randomUUID } from 'node:crypto';
import { signedHeaders } from '@shared/webhook-signature';

/** Posts one signed event to the ingest webhook, as a business system would. */
export async function postEvent(serverUrl: string, key: { id: string; secret: string }, event: Record<string, unknown>) {
  const body = JSON.stringify({ id: randomUUID(), occurredAt: new Date().toISOString(), ...event });
  const res = await fetch(`${serverUrl}/v1/ingest/events`, { method: 'POST', headers: signedHeaders(key.id, key.secret, body), body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Posts one signed call lifecycle event (POST /v1/ingest/calls), as a contact-center platform would. */
export async function postCall(serverUrl: string, key: { id: string; secret: string }, call: Record<string, unknown>) {
  const body = JSON.stringify({ occurredAt: new Date().toISOString(), ...call });
  const res = await fetch(`${serverUrl}/v1/ingest/calls`, { method: 'POST', headers: signedHeaders(key.id, key.secret, body), body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
