/**
 * A call's lifecycle event from a platform (POST /v1/ingest/calls). The call is matched to its
 * caller once, when first heard of, as the panel matches a ringing call (a shared number is a
 * conflict, never a guess); it then only moves forward. For a known caller the call also enters
 * the customer's history as a contact (opened when first heard of, closed when it ends), through
 * the same store as any customer event: the panel shows it live, and a call soon after a
 * resolution is logged as a repeat contact.
 */
import type { FastifyInstance } from 'fastify';
import { CallEvent, type CallReply } from '@shared/schemas/calls';
import { ticketRef } from '@shared/ticket-ref';
import type { CallFirstSight } from '../repositories/calls';
import { callHandleTimeSeconds } from '../repositories/calls';
import type { CallerMatch } from '../repositories/customers/caller';
import { ingestEvent } from './ingest';
import type { IngestDelivery } from './ingest-batch';

export async function ingestCall(app: FastifyInstance, tenantId: string, input: CallEvent, delivery: IngestDelivery): Promise<CallReply> {
  const e = CallEvent.parse(input);
  const { calls, customers, users } = app.repos;
  const known = await calls.get(tenantId, e.platform, e.contactId);
  // The caller is matched once, when the call is first heard of.
  const match: CallerMatch | null = known ? null : await customers.whoIsCalling(tenantId, e.caller ?? null);
  const first: CallFirstSight = {
    callerE164: match && 'e164' in match ? match.e164 : null,
    customerId: match?.status === 'known' ? match.customerId : null,
    agentUserId: e.agent ? ((await users.inTenantByEmail(tenantId, e.agent))?.id ?? null) : null,
    agentNamed: !!e.agent,
  };
  // No later than now: a forwarder whose clock runs ahead must not stretch the windows the panel's call rules count (confirmed-calls.ts).
  const at = Math.min(Date.parse(e.occurredAt), Date.now());
  const { created, changed, row } = await calls.apply(
    tenantId,
    { platform: e.platform, contactId: e.contactId, channel: e.channel, state: e.state, at },
    first,
  );

  if (row.customerId && changed) {
    const opened = created;
    const closed = e.state === 'ended' && row.endedAt === at;
    for (const [what, type] of [
      [opened, 'contact.opened'],
      [closed, 'contact.closed'],
    ] as const) {
      if (!what) continue;
      // Keyed by the call, so a redelivery or a second process stores it once; the delivery's own
      // signature, suffixed, is what the replay store remembers for it.
      await ingestEvent(
        app,
        tenantId,
        {
          id: `call:${e.platform}:${e.contactId}:${type === 'contact.opened' ? 'opened' : 'closed'}`,
          type,
          occurredAt: e.occurredAt,
          customer: { id: row.customerId },
          data: { channel: e.channel, ticketRef: ticketRef(e.platform, null, e.contactId) },
        },
        { ...delivery, signature: `${delivery.signature}#${type}` },
      );
    }
  }

  return {
    status: changed ? 'stored' : 'unchanged',
    state: row.state as CallReply['state'],
    caller: callerWord(row, match),
    customerId: row.customerId,
    handleTimeSeconds: callHandleTimeSeconds(row),
  };
}

/** How the caller was matched: this event's match when it created the call, else what the row says. */
function callerWord(row: { callerE164: string | null; customerId: string | null }, match: CallerMatch | null): CallReply['caller'] {
  if (match) return match.status;
  if (row.customerId) return 'known';
  return row.callerE164 ? 'unknown' : 'withheld';
}
