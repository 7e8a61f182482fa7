/**
 * Resolutions: the draft the panel starts from, the record appended to the log, and what
 * attaches later (surveys). Actions are checked against recorded grants, so "within leeway"
 * and "through an exception" are the server's facts, not the client's claims.
 */
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { ResolutionBody, type LogReceipt, type ResolutionDraft } from '../../../shared/schemas/resolutions';
import type { CustomerEvent } from '../../../shared/schemas/customer-events';
import { customers, grants, interactions, users } from '../db/schema.sqlite';
import { UserError, notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';

const DAY = 86_400_000;
const ticketRef = (helpdesk: string, ticketId: string) => `${helpdesk}:${ticketId}`;

export async function resolutionDraft(app: FastifyInstance, who: Principal, helpdesk: string, ticketId: string): Promise<ResolutionDraft> {
  const db = app.db.db;
  const first = db
    .select()
    .from(interactions)
    .where(and(eq(interactions.tenantId, who.tenantId), eq(interactions.userId, who.userId), eq(interactions.helpdesk, helpdesk), eq(interactions.ticketId, ticketId), gte(interactions.openedAt, Date.now() - DAY)))
    .orderBy(asc(interactions.openedAt))
    .limit(1)
    .get();
  if (!first) throw notFound('This ticket was not opened in your panel today');
  const rows = first.customerId
    ? db
        .select({ g: grants, approver: users.name })
        .from(grants)
        .leftJoin(users, eq(users.id, grants.approvedBy))
        .where(and(eq(grants.tenantId, who.tenantId), eq(grants.userId, who.userId), eq(grants.customerId, first.customerId), gte(grants.createdAt, first.openedAt)))
        .orderBy(asc(grants.createdAt))
        .all()
    : [];
  return {
    helpdesk,
    ticketId,
    customerId: first.customerId,
    handleTimeSeconds: Math.round((Date.now() - first.openedAt) / 1000),
    actions: rows.map(({ g, approver }) => ({ action: g.action, amountCents: g.amountCents, grantId: g.id, via: g.exceptionId ? 'exception' : 'leeway', approvedBy: approver })),
    reasonCodes: [...new Set(rows.map(({ g }) => g.reasonCode).filter((r): r is string => !!r))],
  };
}

export async function submitResolution(app: FastifyInstance, who: Principal, input: ResolutionBody): Promise<LogReceipt> {
  const body = ResolutionBody.parse(input);
  const db = app.db.db;
  if (body.customerId && !db.select({ id: customers.id }).from(customers).where(and(eq(customers.id, body.customerId), eq(customers.tenantId, who.tenantId))).get()) {
    throw notFound('customerId: no such customer in your tenant');
  }
  const ids = body.actions.map((a) => a.grantId).filter((g): g is string => !!g);
  const known = new Map(
    (ids.length ? db.select().from(grants).where(and(eq(grants.tenantId, who.tenantId), inArray(grants.id, ids))).all() : []).map((g) => [g.id, g]),
  );
  const actions = body.actions.map((a, i) => {
    if (!a.grantId) return { ...a, via: 'unrecorded' as const };
    const g = known.get(a.grantId);
    if (!g || g.customerId !== body.customerId) throw new UserError(400, `actions.${i}.grantId: no grant ${a.grantId} for this customer`);
    if (g.action !== a.action || g.amountCents !== a.amountCents) throw new UserError(400, `actions.${i}: grant ${a.grantId} was ${g.action} of ${g.amountCents} cents`);
    return { ...a, via: g.exceptionId ? ('exception' as const) : ('leeway' as const), exceptionId: g.exceptionId, approvedBy: g.approvedBy };
  });
  return app.repos.log.append(who.tenantId, {
    idempotencyKey: body.idempotencyKey,
    kind: 'resolution',
    customerId: body.customerId ?? null,
    ticketRef: ticketRef(body.helpdesk, body.ticketId),
    agentId: who.userId,
    data: { outcome: body.outcome, category: body.category, actions, reasonCodes: body.reasonCodes, handleTimeSeconds: body.handleTimeSeconds, interactionId: body.interactionId ?? null },
    personal: body.note ? { note: body.note } : undefined,
  });
}

/** A survey answer for a ticket that was resolved attaches to that resolution in the log. */
export async function attachSurvey(app: FastifyInstance, tenantId: string, event: CustomerEvent): Promise<LogReceipt | null> {
  if (event.type !== 'survey.answered' || !event.data.ticketRef) return null;
  const resolution = await app.repos.log.byTicket(tenantId, event.data.ticketRef);
  if (!resolution) return null;
  return app.repos.log.append(tenantId, {
    idempotencyKey: `survey:${event.id}`,
    kind: 'survey',
    refId: resolution.id,
    customerId: event.customerId,
    ticketRef: event.data.ticketRef,
    data: { survey: event.data.survey, score: event.data.score, eventId: event.id },
    personal: event.data.comment ? { comment: event.data.comment } : undefined,
  });
}
