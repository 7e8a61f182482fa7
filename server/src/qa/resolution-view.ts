import { parseTicketRef } from '@shared/ticket-ref';
import { autoChecks, prefill } from '@shared/qa/scorecard';
import { normaliseSurvey } from '@shared/qa/types';
import { forbidden, notFound } from '../errors';
import { isSealed } from '../log/crypto';
import type { Principal } from '../plugins/app/auth';
import type { LogEntry } from '../repositories/log';
import type { FastifyInstance as App } from 'fastify';
import { approvalsOf } from './approvals';
import { currentScorecard } from './queues';

/** One resolution opened for review: its payload (reading a sealed field is audited), what attached, the checks. */
/**
 * The entry's payload with its sealed personal fields (the note…) opened, and, when any was,
 * an audit entry naming the entry and the fields, in the same transaction as the read: a person
 * who saw a customer's note is on record, whatever their role.
 */
async function readAudited(app: App, who: Principal, entry: LogEntry): Promise<Record<string, unknown>> {
  return app.db.tx(async () => {
    const payload = (await app.repos.log.readPayload(who.tenantId, entry)) ?? {};
    const sealed = entry.payload
      ? Object.entries(JSON.parse(entry.payload) as Record<string, unknown>)
          .filter(([, v]) => isSealed(v))
          .map(([k]) => k)
      : [];
    // An erased customer's fields open to readPayload's "[erased]": no personal data was read.
    const opened = sealed.filter((k) => payload[k] !== '[erased]');
    if (opened.length)
      await app.repos.audit.record(who.tenantId, who.userId, 'log.read', `resolution:${entry.id}`, { entries: [entry.id], fields: opened });
    return payload;
  });
}

/** One resolution as the review form needs it; agents only their own. */
export async function resolutionView(app: App, who: Principal, resolutionId: string) {
  const entry = await app.repos.log.byId(who.tenantId, resolutionId);
  if (entry?.kind !== 'resolution') throw notFound('No such resolution in your tenant');
  if (who.role === 'agent' && entry.agentId !== who.userId) throw forbidden('Agents see only their own resolutions');
  const payload = await readAudited(app, who, entry);
  const attached = (await app.repos.qa.attachedTo(who.tenantId, entry.id)).map((a) => ({
    kind: a.kind,
    at: new Date(a.at).toISOString(),
    data: a.payload ? (JSON.parse(a.payload) as Record<string, unknown>) : null,
  }));
  const survey = attached.find((a) => a.kind === 'survey')?.data as { survey?: string; score?: number } | undefined;
  const h = await app.repos.qa.history(who.tenantId, entry.createdAt, entry.createdAt + 1);
  const r = h.resolutions.find((x) => x.id === entry.id)!;
  const scorecard = await currentScorecard(app, who.tenantId);
  // Each action with who approved it through escalation: such an exception followed policy.
  const approvals = await approvalsOf(app, who.tenantId, entry.agentId, payload.actions);
  const actions = r.actions.map((a, i) => ({ ...a, approval: approvals[i] ?? null }));
  const checks = autoChecks({
    ...r,
    actions,
    surveyScore: survey && typeof survey.score === 'number' ? normaliseSurvey(survey.survey ?? 'csat', survey.score) : null,
  });
  // Scoped refs name the instance the console links to; legacy ones (before instances) have none.
  const ref = entry.ticketRef ? parseTicketRef(entry.ticketRef) : null;
  const review = await app.repos.qa.reviewOf(who.tenantId, entry.id);
  return {
    id: entry.id,
    seq: entry.seq,
    agentId: entry.agentId,
    agentName: h.users.get(entry.agentId ?? '')?.name ?? null,
    customerName: entry.customerId ? ((await app.repos.customers.profile(who.tenantId, entry.customerId))?.name ?? null) : null,
    at: new Date(entry.createdAt).toISOString(),
    helpdesk: ref?.helpdesk ?? '',
    instance: ref?.instance ?? null,
    ticketId: ref?.id ?? '',
    payload,
    actions,
    attached: attached.map((a) => ({
      kind: a.kind,
      at: a.at,
      data: a.data && Object.fromEntries(Object.entries(a.data).filter(([k]) => k !== 'comment')),
    })),
    checks,
    scorecard,
    prefill: prefill(scorecard.criteria, checks),
    pick: await app.repos.qa.pick(who.tenantId, entry.id),
    review: review && { ...review, reviewerName: h.users.get(review.reviewerId)?.name ?? review.reviewerId },
  };
}
