/**
 * Six weeks of a billing team's work for the demo: each resolution through the product's own
 * grant, exception and resolution code (so the log's chain is the product's), some with a survey
 * the customer answered the next day.
 */
import type { FastifyInstance } from 'fastify';
import type { IngestEvent } from '@shared/schemas/customer-events';
import type { ResolutionBody } from '@shared/schemas/resolutions';
import { ticketRef } from '@shared/ticket-ref';
import type { Repositories } from '../../repositories';
import { recordOfferOutcome } from '../../services/recommendations';
import { attachToResolution, submitResolution } from '../../services/resolutions';
import type { Principal } from '../../plugins/app/auth';
import { SURVEY_COMMENTS } from './customers';
import type { SeededRandom } from './clock';
import { demoOffersFor } from './offers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const INSTANCE = 'acme.zendesk.com';

export interface Step {
  at: number;
  run: () => Promise<void>;
}
export interface People {
  tenantId: string;
  agent: string;
  senior: string;
  lead: string;
  lead2: string;
  auditor: string;
  admin: string;
}
/** A resolution as the QA steps need it: who and when. */
export interface Logged {
  id: string;
  agentId: string;
  at: number;
}

const principal = (tenantId: string, userId: string, role: Principal['role']): Principal => ({
  tenantId,
  userId,
  role,
  sessionId: 'demo-seed',
});

/** Within-leeway gestures an agent makes alone: amounts under every tier's limit. */
const GESTURES = [
  { action: 'refund', min: 15, max: 45, reasons: ['billing_error', 'damaged', 'late_delivery'], category: 'billing' },
  { action: 'account_credit', min: 10, max: 30, reasons: ['service_outage', 'billing_error'], category: 'account' },
  { action: 'discount', min: 5, max: 20, reasons: [null], category: 'billing' },
  { action: 'fee_waiver', min: 5, max: 25, reasons: ['late_fee', 'shipping_fee'], category: 'billing' },
  { action: 'expedited_shipping', min: 8, max: 15, reasons: [null], category: 'delivery' },
] as const;
/** How the exception requests end, in turn: every kind of decision appears, approvals most. */
const DECISIONS = ['approve', 'counter', 'deny', 'approve', 'withdraw', 'approve', 'counter', 'deny'] as const;
const NOTES = ['Refunded the double charge', 'Explained the fee and waived it', 'Credit for the outage', 'Sent a replacement', ''];
const SUBJECTS = ['billing', 'billing', 'delivery', 'account', 'product'] as const;

/** The steps of one day's resolutions (and next-day surveys), pushed onto `steps`; ids land in `logged` as they run. */
export function dayOfWork(
  repos: Repositories,
  who: People,
  customers: string[],
  rng: SeededRandom,
  day: number,
  counter: { n: number; exceptions: number },
  steps: Step[],
  logged: Logged[],
  now: number,
  /** Draws for the offers shown (history/offers.ts), apart so the rest of the history stays as it was. */
  offerRng: SeededRandom,
) {
  // Shims of the app for the services: they read only app.repos.
  const app = { repos } as unknown as FastifyInstance;
  const weekend = [0, 6].includes(new Date(day).getUTCDay());
  const count = weekend ? rng.int(0, 1) : rng.int(2, 4);
  for (let k = 0; k < count; k++) {
    const n = ++counter.n;
    const start = day + 9 * HOUR + rng.int(0, 8 * 60) * 60_000;
    const agentId = rng.chance(0.55) ? who.agent : who.senior;
    const customerId = rng.pick(customers);
    const roll = rng.next();
    const handle = rng.chance(0.08) ? rng.int(1900, 4200) : rng.int(180, 1300);
    const note = rng.pick(NOTES);
    const surveyScore = rng.chance(0.55) ? Math.min(5, Math.max(1, Math.round(3.9 + (rng.next() - 0.5) * 3.4))) : null;
    // Sasha gives the most the limit allows, nearly every time: the boundary-hugging detector has someone to find.
    const hugs = rng.chance(0.85) && agentId === who.senior;
    // (Not refunds: a loyal customer's refund limit is far above what the 30-day cap lets anyone give.)
    const gesture = hugs ? rng.pick(GESTURES.slice(1)) : rng.pick(GESTURES);
    const amount = (hugs ? gesture.max : rng.int(gesture.min, gesture.max)) * 100;
    const reason = rng.pick(gesture.reasons);
    const decision = DECISIONS[counter.exceptions % DECISIONS.length]!;
    const outcome = rng.chance(0.9) ? ('resolved' as const) : ('escalated' as const);
    const subject = rng.pick(SUBJECTS);
    const kind = roll < 0.4 ? 'grant' : roll < 0.55 ? 'exception' : 'none';
    if (kind === 'exception') counter.exceptions++;
    const actor = { tenantId: who.tenantId, userId: agentId };
    const decideAfter = rng.int(25, 110);
    const requested = { id: '' };
    const ticketId = String(3000 + n);
    const offers = demoOffersFor(offerRng, kind === 'grant' ? gesture.action : null);
    const opened = { interactionId: '' };
    // What was granted during the contact, cited by the resolution logged when it ends.
    const actions: NonNullable<ResolutionBody['actions']> = [];
    steps.push({
      at: start,
      run: async () => {
        // The panel on the ticket: the offers it showed, and the answers the agent marked.
        const where = { tenantId: who.tenantId, userId: agentId, customerId, helpdesk: 'zendesk', instance: INSTANCE, ticketId };
        opened.interactionId = await repos.interactions.open(where);
        const { interactionId } = opened;
        await repos.offerImpressions.record(who.tenantId, { interactionId, userId: agentId, customerId }, offers.shown, start);
        for (const m of offers.marked) await recordOfferOutcome(app, actor, customerId, { ...m, interactionId });
        if (kind === 'grant') {
          const out = await repos.grants.record(actor, {
            customerId,
            action: gesture.action,
            amountCents: amount,
            reasonCode: reason,
            interactionId,
            idempotencyKey: `demo-grant-${n}`,
          });
          if (out && out !== 'no-policy' && out.status !== 'refused')
            actions.push({ action: gesture.action, amountCents: amount, grantId: out.grant.id });
        }
        if (kind === 'exception') requested.id = await raise(repos, actor, customerId, n);
      },
    });
    // A lead answers within a minute or two (the team lead's SLA); a withdrawal comes as quickly.
    if (kind === 'exception')
      steps.push({
        at: start + decideAfter * 1000,
        run: async () => void actions.push(...(await settle(repos, who, actor, requested.id, n, decision))),
      });
    steps.push({
      at: start + handle * 1000,
      run: async () => {
        const body: ResolutionBody = {
          idempotencyKey: `demo-resolution-${n}`,
          interactionId: opened.interactionId,
          customerId,
          helpdesk: 'zendesk',
          instance: INSTANCE,
          ticketId,
          outcome,
          category: actions.length ? (kind === 'exception' ? 'account' : gesture.category) : subject,
          actions,
          reasonCodes: actions.length && reason ? [reason] : [],
          note,
          handleTimeSeconds: handle,
        };
        const receipt = await submitResolution(app, principal(who.tenantId, agentId, 'agent'), body);
        logged.push({ id: receipt.id, agentId, at: start + handle * 1000 });
      },
    });
    const answeredAt = start + DAY + rng.int(1, 6) * HOUR;
    if (surveyScore !== null && answeredAt < now - HOUR) {
      const comment = rng.chance(0.6) ? rng.pick(SURVEY_COMMENTS[surveyScore]!) : undefined;
      steps.push({
        at: answeredAt,
        run: async () => {
          const e = {
            id: `demo-survey-${n}`,
            type: 'survey.answered',
            occurredAt: new Date(answeredAt).toISOString(),
            customer: { id: customerId },
            data: {
              survey: 'csat',
              score: surveyScore,
              ticketRef: ticketRef('zendesk', INSTANCE, ticketId),
              ...(comment ? { comment } : {}),
            },
          } as IngestEvent;
          const { event } = await repos.events.record(who.tenantId, customerId, e);
          await attachToResolution(app, who.tenantId, event);
        },
      });
    }
  }
}

/** An account credit above the agent's $30, asked of a lead; returns the request's id. */
async function raise(repos: Repositories, actor: { tenantId: string; userId: string }, customerId: string, n: number) {
  const { row } = await repos.exceptions.raise(actor, {
    customerId,
    action: 'account_credit',
    amountCents: (40 + (n % 4) * 10) * 100,
    reasonCode: 'service_outage',
    note: 'Three days without service after the outage; asking for a larger credit.',
    idempotencyKey: `demo-exception-${n}`,
  });
  return row.id;
}

/** The request decided by one of the two leads (or withdrawn by the agent); what it granted, for the resolution. */
async function settle(
  repos: Repositories,
  who: People,
  actor: { tenantId: string; userId: string },
  exceptionId: string,
  n: number,
  decision: (typeof DECISIONS)[number],
): Promise<NonNullable<ResolutionBody['actions']>> {
  if (decision === 'withdraw') {
    await repos.exceptions.withdraw(actor, exceptionId);
    return [];
  }
  const lead = (await repos.exceptions.supervisor(who.tenantId, n % 2 ? who.lead : who.lead2))!;
  const decided = await repos.exceptions.decide(lead, {
    exceptionId,
    decision,
    note:
      decision === 'approve'
        ? undefined
        : decision === 'deny'
          ? 'Outage credit already applied to the account'
          : 'The usual $35 for this outage',
    counter: decision === 'counter' ? { action: 'account_credit', amountCents: 3_500 } : undefined,
  });
  if (!decided.grantId) return [];
  const [grant] = await repos.grants.byIds(who.tenantId, [decided.grantId]);
  return grant ? [{ action: grant.action, amountCents: grant.amountCents, grantId: grant.id }] : [];
}
