/**
 * The soak client's load: signed webhooks, exception requests, decisions and resolutions, each
 * stream started on schedule at its steady rate.
 */
import { randomUUID } from 'node:crypto';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { signedHeaders } from '@shared/webhook-signature';
import { SUMMARY_TYPES } from '../../../server/src/signals/summary';
import type { SoakLoad } from '../soak-types';
import { ask, data } from './ask';
import { agents, exceptionIds, expected, fail, messages, received, resolutionKeys, run, sent, stored, supervisors, tallyOf } from './state';

const DECISIONS = ['approve', 'deny', 'counter'] as const;

const TYPES = [
  (n: number) => ({ type: 'payment.failed', data: { amountCents: 1_000 + n, currency: 'USD', reason: 'card declined' } }),
  (n: number) => ({ type: 'order.placed', data: { orderId: `SOAK-${n}`, amountCents: 5_000 + n, currency: 'USD' } }),
  (n: number) => ({ type: 'page.visited', data: { url: `https://shop.example.com/p/${n}`, title: 'Product page' } }),
  (n: number) => ({ type: 'survey.answered', data: { survey: 'csat', score: n % 6 } }),
];

async function tracked(what: string, op: () => Promise<void>) {
  run.pending++;
  try {
    await op();
  } catch (e) {
    fail(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    run.pending--;
  }
}

const signal = (n: number) =>
  tracked(`webhook ${n}`, async () => {
    const customer = n % run.plan.customers.length;
    const event = TYPES[n % TYPES.length]!(n);
    const counted = SUMMARY_TYPES.has(event.type);
    const body = JSON.stringify({
      id: `soak-${n}`,
      occurredAt: new Date().toISOString(),
      customer: { email: run.plan.customers[customer]!.email },
      ...event,
    });
    const headers = signedHeaders(run.plan.ingestKey.id, run.plan.ingestKey.secret, body);
    sent.signals++;
    messages.in++;
    const sentAt = performance.now();
    const res = await fetch(`${run.plan.url}/v1/ingest/events`, { method: 'POST', headers, body });
    const reply = (await res.json()) as { status?: string; eventId?: string; error?: string };
    if (res.status !== 200 || reply.status !== 'stored' || !reply.eventId) throw new Error(`${res.status} ${JSON.stringify(reply)}`);
    sent.signalsStored++;
    if (counted) sent.signalsCounted++;
    stored.set(reply.eventId, { customer, sentAt, counted });
    expected.events += run.watchers[customer]!.length;
    // An order leaves the signals as they were: it pushes none.
    if (counted) expected.signals += run.watchers[customer]!.length;
  });

const exception = (n: number) =>
  tracked(`exception request ${n}`, async () => {
    const a = (n * 37) % run.plan.agents.length; // 37 is coprime with the agent count used: every agent in turn, teams interleaved
    const agent = run.plan.agents[a]!;
    sent.exceptions++;
    messages.in++;
    const res = await ask(agents[a]!.socket, 'exception:request', {
      customerId: run.plan.customers[agent.customer]!.id,
      action: 'account_credit', // $30 alone: $45 needs a team lead, nothing more
      amountCents: 4_500,
      reasonCode: 'goodwill',
      note: `Soak request ${n}`,
      interactionId: agents[a]!.interactionId,
      idempotencyKey: randomUUID(),
    });
    const view = data('ack', res);
    if (view.status !== 'pending' || view.level !== 'team_lead')
      throw new Error(`expected pending at team_lead, got ${view.status} at ${view.level}`);
    const t = tallyOf(view.id);
    t.agent = a;
    t.lead = agent.lead;
    exceptionIds.push(view.id);
  });

let decisions = 0;
export const decide = (k: number, v: ExceptionView) =>
  tracked(`supervisor ${k} deciding ${v.id}`, async () => {
    const decision = DECISIONS[decisions++ % DECISIONS.length]!;
    sent.decisions++;
    messages.in++;
    const res = await ask(supervisors[k]!, 'exception:decide', {
      exceptionId: v.id,
      decision,
      note: `Soak ${decision}`,
      ...(decision === 'counter' ? { counter: { action: 'account_credit', amountCents: 2_500 } } : {}),
    });
    const t = tallyOf(v.id);
    t.decideAcks++;
    t.decided = data('ack', res).status;
    expected.updates += 2; // the agent and the lead who was told
  });

const resolution = (n: number) =>
  tracked(`resolution ${n}`, async () => {
    const a = (n * 53) % run.plan.agents.length;
    const agent = agents[a]!;
    const body = {
      idempotencyKey: randomUUID(),
      interactionId: agent.interactionId,
      customerId: run.plan.customers[run.plan.agents[a]!.customer]!.id,
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: agent.ticketId,
      outcome: 'resolved' as const,
      category: 'billing' as const,
      actions: [],
      reasonCodes: ['goodwill'],
      note: `Soak resolution ${n}`,
      handleTimeSeconds: 240,
    };
    sent.resolutions++;
    messages.in++;
    const first = data('ack', await ask(agent.socket, 'resolution:submit', body));
    if (first.status !== 'stored') throw new Error(`expected stored, got ${first.status}`);
    resolutionKeys.push(body.idempotencyKey);
    // Every tenth is sent again, as the outbox does after a lost reply: the same entry, never a second.
    if (n % 10 === 0) {
      sent.resends++;
      messages.in++;
      const again = data('resend ack', await ask(agent.socket, 'resolution:submit', body));
      if (again.status !== 'duplicate' || again.id !== first.id)
        throw new Error(`resend: expected duplicate of ${first.id}, got ${again.status} ${again.id}`);
    }
  });

/** Starts each stream's operations on schedule (open loop: a slow server does not slow the senders). */
export function runStreams(load: SoakLoad): Promise<number> {
  const streams = [
    { rate: load.rates.signalsPerS, op: signal, started: 0 },
    { rate: load.rates.exceptionsPerS, op: exception, started: 0 },
    { rate: load.rates.resolutionsPerS, op: resolution, started: 0 },
  ];
  const t0 = performance.now();
  return new Promise((done) => {
    const timer = setInterval(() => {
      const elapsed = Math.min((performance.now() - t0) / 1000, load.seconds);
      for (const s of streams) {
        const due = Math.floor(elapsed * s.rate);
        while (s.started < due) void s.op(s.started++);
      }
      if (elapsed >= load.seconds) {
        clearInterval(timer);
        done((performance.now() - t0) / 1000);
      }
    }, 10);
  });
}

export const allArrived = () =>
  run.pending === 0 && received.events >= expected.events && received.signals >= expected.signals && received.updated >= expected.updates;
