/**
 * One Aircall call event, its token already checked (aircall-token.ts). The call enters Leeway's
 * call lifecycle like any platform's (services/calls.ts: matched once, only moves forward, a known
 * caller's history and handle time), with Aircall's call id as the contact id. Then, for an inbound
 * call, an insight card for the agent's phone app, sent after the answer (aircall-send.ts):
 * - on call.created, while it rings: for the Aircall user on it if Leeway knows them, else for
 *   whoever picks up (the policy's general figures, no link: a pop link names its agent);
 * - on call.answered, once the agent is known, if the ringing card could not be theirs: their
 *   own leeway and the link back to the panel. Aircall shows cards as they come (inferred).
 * A redelivered event stores nothing twice (the call only moves forward) and may send its card again.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { AircallCall, type AircallCallEvent, type AircallWebhook, type AircallWebhookReply } from '@shared/schemas/aircall';
import type { CallState } from '@shared/schemas/calls';
import { Email } from '@shared/schemas/common';
import { parse } from '@shared/validate';
import { UserError } from '../errors';
import type { PlatformConnection } from '../repositories/platform-connections';
import { ingestCall } from '../services/calls';
import { insightCard } from './aircall-card';
import { panelLink } from './aircall-link';
import { sendInsightCard } from './aircall-send';

const STATE: Record<AircallCallEvent, { state: CallState; at: 'started_at' | 'answered_at' | 'ended_at' }> = {
  'call.created': { state: 'ringing', at: 'started_at' },
  'call.answered': { state: 'connected', at: 'answered_at' },
  // call.hungup comes as the call ends, call.ended about 30 s later: the first one's time stands.
  'call.hungup': { state: 'ended', at: 'ended_at' },
  'call.ended': { state: 'ended', at: 'ended_at' },
};

export interface AircallDelivery {
  tenantId: string;
  connection: PlatformConnection<'aircall'>;
  /** This server's address as Aircall called it: the origin of the card's link. */
  origin: string;
  log: FastifyBaseLogger;
  /** Runs the card's work after the webhook is answered. */
  later: (work: Promise<unknown>) => void;
}

/** The Leeway user of this tenant the Aircall user's email names, if any. */
async function leewayAgent(app: FastifyInstance, tenantId: string, email: string | null | undefined) {
  const e = Email.safeParse(email?.trim().toLowerCase());
  if (!e.success) return null;
  return app.repos.users.inTenantByEmail(tenantId, e.data);
}

export async function aircallCallEvent(
  app: FastifyInstance,
  event: AircallCallEvent,
  body: AircallWebhook,
  d: AircallDelivery,
): Promise<AircallWebhookReply> {
  const parsed = parse(AircallCall, body.data, 'body.data');
  if (!parsed.ok) throw Object.assign(new UserError(400, parsed.message), { issues: parsed.issues });
  const call = parsed.value;
  const callId = String(call.id);
  const { tenantId } = d;
  const agent = await leewayAgent(app, tenantId, call.user?.email);
  const before = event === 'call.answered' ? await app.repos.calls.get(tenantId, 'aircall', callId) : null;

  const { state, at } = STATE[event];
  const now = Date.now();
  const seconds = call[at] ?? body.timestamp;
  await ingestCall(
    app,
    tenantId,
    {
      platform: 'aircall',
      contactId: callId,
      state,
      caller: call.raw_digits ?? null,
      ...(agent && { agent: agent.email }),
      occurredAt: new Date(seconds ? seconds * 1000 : now).toISOString(),
    },
    // Not a signed request: a delivery id of its own, so the contact it opens is remembered once per event.
    { signature: `aircall:${randomUUID()}`, keyId: `aircall:${tenantId}`, signedAt: now, at: now },
  );

  const inbound = call.direction === 'inbound';
  const card = inbound && (event === 'call.created' || (event === 'call.answered' && agent !== null && !before?.agentUserId));
  if (card) d.later(cardFor(app, d, callId, call.raw_digits ?? null, agent));
  return { status: 'accepted', card };
}

async function cardFor(
  app: FastifyInstance,
  d: AircallDelivery,
  callId: string,
  rawDigits: string | null,
  agent: { id: string; email: string } | null,
): Promise<void> {
  const match = await app.repos.customers.whoIsCalling(d.tenantId, rawDigits);
  const link =
    agent && rawDigits?.trim()
      ? await panelLink(app, d.tenantId, { origin: d.origin, ani: rawDigits.trim().slice(0, 64), agent: agent.email, contact: callId })
      : null;
  const card = await insightCard(app, { tenantId: d.tenantId, match, agentUserId: agent?.id ?? null, link });
  await sendInsightCard(app, d.log, { tenantId: d.tenantId, callId, connection: d.connection }, card);
}
