/**
 * Resolutions: the draft the panel starts from, the record appended to the log, and what
 * attaches later (surveys). Actions are checked against recorded grants, so "within leeway"
 * and "through an exception" are the server's facts, not the client's claims.
 */
import type { FastifyInstance } from 'fastify';
import { ResolutionBody, type CorrectionBody, type DraftBody, type LogReceipt, type ResolutionDraft } from '@shared/schemas/resolutions';
import { sameTicketRefs, ticketRef } from '@shared/ticket-ref';
import { requirePinned } from './helpdesk-hosts';
import { callHandleTimeSeconds } from '../repositories/calls';
import { contactOf } from './contact';
import { answeredOffers } from './recommendations';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import { UserError, notFound } from '../errors';
import { actorKey, requestHash, serverKey } from '../idempotency';
import type { Principal } from '../plugins/app/auth';
import { checkOwnInteraction } from './own-interaction';

const DAY = 86_400_000;

/** The draft for a ticket this agent opened today on this instance (which the tenant must have pinned). */
export async function resolutionDraft(
  app: FastifyInstance,
  who: Principal,
  { helpdesk, instance, ticketId }: DraftBody,
): Promise<ResolutionDraft> {
  await requirePinned(app, who.tenantId, { helpdesk, instance });
  const { grants, interactions } = app.repos;
  const first = await interactions.firstOpenedSince(who.tenantId, who.userId, { helpdesk, instance, ticketId }, Date.now() - DAY);
  if (!first) throw notFound('This ticket was not opened in your panel today');
  const rows = first.customerId ? await grants.madeSince(who.tenantId, who.userId, first.customerId, first.openedAt) : [];
  return {
    helpdesk,
    instance,
    ticketId,
    customerId: first.customerId,
    handleTimeSeconds: Math.round((Date.now() - first.openedAt) / 1000),
    actions: rows.map(({ g, approver }) => ({
      action: g.action,
      amountCents: g.amountCents,
      grantId: g.id,
      via: g.exceptionId ? 'exception' : 'leeway',
      approvedBy: approver,
    })),
    reasonCodes: [...new Set(rows.map(({ g }) => g.reasonCode).filter((r): r is string => !!r))],
  };
}

/**
 * The ticket a resolution is about, scoped by its instance. A record from an outbox written before
 * instances has none: it takes its interaction's (this agent's, same ticket), or else is stored
 * under the legacy, unscoped reference — accepted, never lost, and attributed to no account.
 */
async function resolutionTicketRef(
  app: FastifyInstance,
  who: Principal,
  body: { helpdesk: string; instance?: string; ticketId: string; interactionId?: string },
): Promise<string> {
  if (body.instance) return ticketRef(body.helpdesk, body.instance, body.ticketId);
  if (body.interactionId) {
    const instance = await app.repos.interactions.instanceOf(who.tenantId, who.userId, body.interactionId, body);
    if (instance) return ticketRef(body.helpdesk, instance, body.ticketId);
  }
  return ticketRef(body.helpdesk, null, body.ticketId);
}

/** The resolution of a ticket named by an event, under any form the tenant's rule links (legacy or scoped). */
async function resolutionOfTicket(app: FastifyInstance, tenantId: string, ref: string) {
  for (const r of sameTicketRefs(ref, await app.repos.helpdeskHosts.list(tenantId))) {
    const found = await app.repos.log.byTicket(tenantId, r);
    if (found) return found;
  }
  return null;
}

export async function submitResolution(app: FastifyInstance, who: Principal, input: ResolutionBody): Promise<LogReceipt> {
  const body = ResolutionBody.parse(input);
  if (body.customerId && !(await app.repos.customers.exists(who.tenantId, body.customerId))) {
    throw notFound('customerId: no such customer in your tenant');
  }
  await checkOwnInteraction(app, who, body.interactionId, body.customerId, body);
  const ids = body.actions.map((a) => a.grantId).filter((g): g is string => !!g);
  // A contact logged without a customer is policy-neutral: grants and exceptions are always some customer's.
  if (!body.customerId && ids.length)
    throw new UserError(400, 'actions: a resolution without a customer cannot cite grants; grants are recorded for a customer');
  const known = new Map((await app.repos.grants.byIds(who.tenantId, ids)).map((g) => [g.id, g]));
  const actions = body.actions.map((a, i) => {
    if (!a.grantId) return { ...a, via: 'unrecorded' as const };
    const g = known.get(a.grantId);
    if (!g || g.customerId !== body.customerId) throw new UserError(400, `actions.${i}.grantId: no grant ${a.grantId} for this customer`);
    // A grant approved for an agent's request is recorded as theirs (userId), so this admits those too.
    if (g.userId !== who.userId)
      throw new UserError(
        403,
        `actions.${i}.grantId: grant ${a.grantId} was made by another agent: cite only your own grants, or ones approved for your requests`,
      );
    if (g.action !== a.action || g.amountCents !== a.amountCents)
      throw new UserError(400, `actions.${i}: grant ${a.grantId} was ${g.action} of ${g.amountCents} cents`);
    return {
      ...a,
      via: g.exceptionId ? ('exception' as const) : ('leeway' as const),
      exceptionId: g.exceptionId,
      approvedBy: g.approvedBy,
    };
  });
  const platformTime = body.channel ? await platformHandleTime(app, who.tenantId, body) : null;
  // The customer's answers to suggested offers in this interaction, as recorded or implied by the
  // grants checked above: the server's facts, not the panel's. A grant implies an answer only in the
  // contact it was made in: one made on another ticket, cited here too (a duplicate ticket of the same
  // problem), is recorded as cited and implies nothing, or one grant could be learnt on every ticket.
  const offers =
    body.interactionId && body.customerId
      ? await answeredOffers(
          app,
          who,
          body.customerId,
          body.interactionId,
          await grantedInContact(app, who, body.interactionId, actions, known),
        )
      : [];
  return app.repos.log.append(who.tenantId, {
    idempotencyKey: actorKey(who.userId, body.idempotencyKey),
    requestHash: requestHash(body),
    kind: 'resolution',
    customerId: body.customerId ?? null,
    ticketRef: await resolutionTicketRef(app, who, body),
    agentId: who.userId,
    data: {
      outcome: body.outcome,
      category: body.category,
      actions,
      reasonCodes: body.reasonCodes,
      // The platform's count when its call events reached us: the server's fact, not the panel's.
      handleTimeSeconds: platformTime ?? body.handleTimeSeconds,
      ...(platformTime !== null ? { handleTimeFrom: 'platform' } : {}),
      interactionId: body.interactionId ?? null,
      // Only when it was a call or a chat: records of tickets keep the shape they always had.
      ...(body.channel ? { channel: body.channel } : {}),
      // Only when next best action was answered: older records keep their shape (and their hashes).
      ...(offers.length ? { offers: offers.map(({ source, ...o }) => (source === 'agent' ? o : { ...o, impliedBy: 'grant' })) } : {}),
    },
    personal: body.note ? { note: body.note } : undefined,
  });
}

/** The cited grants made in the same contact as `interactionId` (contact.ts), as the offers they imply read them. */
async function grantedInContact(
  app: FastifyInstance,
  who: Principal,
  interactionId: string,
  actions: readonly { via: string; grantId?: string | null; action: string; amountCents: number }[],
  grants: ReadonlyMap<string, { interactionId: string | null }>,
) {
  const contact = await contactOf(app, who, interactionId);
  const granted = [];
  for (const a of actions) {
    const made = a.via !== 'unrecorded' && a.grantId ? grants.get(a.grantId)?.interactionId : null;
    if (made && (await contactOf(app, who, made)) === contact) granted.push({ action: a.action, amountCents: a.amountCents });
  }
  return granted;
}

/** A call's handle time as its platform's lifecycle events (POST /v1/ingest/calls) tell it, if they did. */
async function platformHandleTime(app: FastifyInstance, tenantId: string, body: { helpdesk: string; ticketId: string }) {
  const { calls } = app.repos;
  // A screen pop names no platform: the contact id alone, when one platform's call has it.
  const call =
    body.helpdesk === 'screen-pop'
      ? await calls.byContactId(tenantId, body.ticketId)
      : await calls.get(tenantId, body.helpdesk, body.ticketId);
  return call ? callHandleTimeSeconds(call, Date.now()) : null;
}

/** Days after a resolution within which another contact counts as a repeat. */
export const REPEAT_CONTACT_DAYS = 7;

/**
 * What arrives later attaches to the resolution it is about: a survey answer for the ticket,
 * the same ticket reopened, or the customer contacting again soon after. Each entry is keyed
 * by the event, so a retried delivery attaches once.
 */
export async function attachToResolution(app: FastifyInstance, tenantId: string, event: CustomerEvent): Promise<LogReceipt | null> {
  const log = app.repos.log;
  if (event.type === 'survey.answered' && event.data.ticketRef) {
    const resolution = await resolutionOfTicket(app, tenantId, event.data.ticketRef);
    if (!resolution) return null;
    return log.append(tenantId, {
      idempotencyKey: serverKey('survey', event.id),
      kind: 'survey',
      refId: resolution.id,
      customerId: event.customerId,
      ticketRef: event.data.ticketRef,
      data: { survey: event.data.survey, score: event.data.score, eventId: event.id },
      personal: event.data.comment ? { comment: event.data.comment } : undefined,
    });
  }
  if (event.type === 'contact.opened') {
    const sameTicket = await resolutionOfTicket(app, tenantId, event.data.ticketRef);
    if (sameTicket) {
      return log.append(tenantId, {
        idempotencyKey: serverKey('reopening', event.id),
        kind: 'reopening',
        refId: sameTicket.id,
        customerId: event.customerId,
        ticketRef: event.data.ticketRef,
        data: { channel: event.data.channel, eventId: event.id },
      });
    }
    const last = await log.latestResolutionOf(tenantId, event.customerId);
    if (last && Date.parse(event.occurredAt) - last.createdAt <= REPEAT_CONTACT_DAYS * DAY) {
      return log.append(tenantId, {
        idempotencyKey: serverKey('repeat', event.id),
        kind: 'repeat_contact',
        refId: last.id,
        customerId: event.customerId,
        ticketRef: event.data.ticketRef,
        data: {
          channel: event.data.channel,
          daysAfter: Math.round(((Date.parse(event.occurredAt) - last.createdAt) / DAY) * 10) / 10,
          eventId: event.id,
        },
      });
    }
  }
  return null;
}

/** A correction is a new entry pointing at the original: the original is never changed. */
export async function correctResolution(
  app: FastifyInstance,
  who: Principal,
  resolutionId: string,
  body: CorrectionBody,
): Promise<LogReceipt> {
  const original = await app.repos.log.byId(who.tenantId, resolutionId);
  if (original?.kind !== 'resolution') throw notFound('No such resolution in your tenant');
  if (who.role === 'agent' && original.agentId !== who.userId) throw new UserError(403, 'Agents correct only their own resolutions');
  const { note, idempotencyKey, ...changes } = body;
  return app.repos.log.append(who.tenantId, {
    idempotencyKey: actorKey(who.userId, idempotencyKey),
    requestHash: requestHash({ resolutionId, ...body }),
    kind: 'correction',
    refId: original.id,
    customerId: original.customerId,
    ticketRef: original.ticketRef,
    agentId: who.userId,
    data: { changes },
    personal: { note },
  });
}
