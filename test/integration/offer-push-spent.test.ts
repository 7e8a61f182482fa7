/**
 * A grant spends budgets other panels show: the customer's caps (every agent's, on that customer),
 * the agent's day and the team's day (every teammate's, on any customer). The server pushes those
 * panels their suggestions afresh with the usage behind them, so a one-click grant and "You may
 * grant alone" never outlive a teammate's grant; a panel of another team on another customer hears nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { Response } from '@shared/socket-reply';
import { startTestApp, type TestApp } from '../support/app';
import { askOffers, offerPanel, until } from '../support/offer-panels';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

const DANA = 'dana.whitfield@example.com';
const MARCO = 'marco.rossi@example.com';
const customer = (email: string) => t.seeded.acme.customers[email]!;

/** A panel on the customer that asked once (so it is sent pushes), with what it was answered. */
async function panel(email: string, ticketId: string, customerEmail: string) {
  const p = await offerPanel(t, email, ticketId, customerEmail);
  return { ...p, asked: await askOffers(p.socket, p.interactionId) };
}

async function post(email: string, url: string, payload: object) {
  return t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${await t.token(email)}` }, payload });
}
async function grant(email: string, customerEmail: string, action: string, amountCents: number, reasonCode: string | null = null) {
  const res = await post(email, '/v1/grants', {
    customerId: customer(customerEmail),
    action,
    amountCents,
    reasonCode,
    idempotencyKey: randomUUID(),
  });
  expect(res.statusCode, res.body).toBe(201);
}
const refund = (amountCents: number, idempotencyKey?: string) => ({
  customerId: customer(DANA),
  action: 'refund',
  amountCents,
  reasonCode: 'damaged',
  idempotencyKey,
});

const quiet = () => new Promise((r) => setTimeout(r, 600));

describe('a grant pushes the panels whose budgets it spent', () => {
  it('a teammate’s grant on another customer reaches the team’s panels with the team’s new day; another team’s panel hears nothing', async () => {
    const mine = await panel('agent@acme.test', '201', MARCO);
    const returns = await panel('returns-lead@acme.test', '202', MARCO);
    try {
      const before = mine.asked.usage!.teamTodayCents;
      await grant('senior@acme.test', DANA, 'discount', 1_500);
      const push = await until(() => mine.pushed.find((p) => p.usage?.teamTodayCents === before + 1_500), 'the team’s spend pushed');
      expect(push.interactionId).toBe(mine.interactionId);
      expect(push.seq).toBeGreaterThan(mine.asked.seq);
      // The agent's own day is untouched: the teammate spent it.
      expect(push.usage!.agentTodayCents).toBe(mine.asked.usage!.agentTodayCents);
      await quiet();
      expect(returns.pushed).toEqual([]);
    } finally {
      for (const p of [mine, returns]) p.socket.close();
    }
  });

  it('a grant on the customer reaches every panel showing them, whatever its team, with the customer’s caps', async () => {
    const returns = await panel('returns-lead@acme.test', '203', DANA);
    try {
      const refunds = () => returns.pushed.at(-1)?.usage?.caps['refunds-30d']?.count;
      const before = returns.asked.usage!.caps['refunds-30d']!.count;
      await grant('senior@acme.test', DANA, 'refund', 1_000, 'damaged');
      await until(() => (refunds() === before + 1 ? true : undefined), 'the customer’s refund cap pushed');
    } finally {
      returns.socket.close();
    }
  });

  it('an approval records the grant on the agent’s behalf: the agent’s panels follow, and a refusal pushes nothing', async () => {
    const mine = await panel('agent@acme.test', '204', MARCO);
    const { socket: lead, error } = await t.socket(await t.token('lead@acme.test'));
    if (error) throw new Error(error);
    try {
      await lead.emitWithAck('duty:set', { onDuty: true });
      const ask = async (amountCents: number) => {
        const res = (await mine.socket.emitWithAck('exception:request', {
          customerId: customer(MARCO),
          action: 'account_credit',
          amountCents,
          reasonCode: 'goodwill',
          note: 'Outage',
          idempotencyKey: randomUUID(),
          interactionId: mine.interactionId,
        })) as Response<ExceptionView>;
        if (!('data' in res)) throw new Error(res.error);
        return res.data;
      };
      const denied = await ask(4_000);
      expect(await lead.emitWithAck('exception:decide', { exceptionId: denied.id, decision: 'deny', note: 'No' })).toHaveProperty('data');
      await quiet();
      expect(mine.pushed).toEqual([]);

      const before = mine.asked.usage!.agentTodayCents;
      const approved = await ask(4_500);
      expect(await lead.emitWithAck('exception:decide', { exceptionId: approved.id, decision: 'approve' })).toHaveProperty('data');
      await until(() => mine.pushed.find((p) => p.usage?.agentTodayCents === before + 4_500), 'the approved grant’s spend pushed');
    } finally {
      mine.socket.close();
      lead.close();
    }
  });

  it('a refused grant or a dry run spends nothing, and pushes nothing', async () => {
    const mine = await panel('agent@acme.test', '205', DANA);
    try {
      // Beyond the senior agent's refund limit: refused, recorded nowhere.
      const refused = await post('senior@acme.test', '/v1/grants', refund(50_000, randomUUID()));
      expect(refused.statusCode, refused.body).toBe(403);
      const dry = await post('senior@acme.test', '/v1/grants/evaluate', { ...refund(1_000), idempotencyKey: undefined });
      expect(dry.statusCode, dry.body).toBe(200);
      await quiet();
      expect(mine.pushed).toEqual([]);
    } finally {
      mine.socket.close();
    }
  });

  // Last: it publishes a policy without team budgets.
  it('with no team budget, a grant reaches the agent’s own panels and the customer’s, not the teammates’', async () => {
    const admin = { authorization: `Bearer ${await t.token('admin@acme.test')}` };
    const { document } = (await t.app.inject({ method: 'GET', url: '/v1/policy', headers: admin })).json();
    const published = await t.app.inject({
      method: 'POST',
      url: '/v1/policy/versions',
      headers: admin,
      payload: { document: { ...document, teamBudgets: [] }, note: 'no team budgets' },
    });
    expect(published.statusCode, published.body).toBe(201);
    const teammate = await panel('agent@acme.test', '206', MARCO);
    const own = await panel('senior@acme.test', '207', MARCO);
    try {
      const before = own.asked.usage!.agentTodayCents;
      await grant('senior@acme.test', DANA, 'discount', 700);
      await until(() => own.pushed.find((p) => p.usage?.agentTodayCents === before + 700), 'the agent’s own day pushed');
      await quiet();
      expect(teammate.pushed).toEqual([]);
    } finally {
      for (const p of [teammate, own]) p.socket.close();
    }
  });
});
