/**
 * An exception approved through Leeway's own escalation is following policy: the review form's
 * auto-check passes it and pre-fills "Followed policy" 5, naming who approved it and at which
 * level. The agent raises the request, a team lead decides it, the agent logs the resolution
 * citing the grant the decision made, and an auditor opens it for review.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const customerId = () => t.seeded.acme.customers['marco.rossi@example.com']!;

async function connect(email: string) {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}
const data = <T>(res: { data: T } | { error: string }): T => {
  if ('error' in res) throw new Error(res.error);
  return res.data;
};

/** Raised by the agent, decided by the team lead (approve, or counter with `counter`): the decided request. */
async function escalate(decision: 'approve' | 'counter', amountCents: number, counter?: number): Promise<ExceptionView> {
  const lead = await connect('lead@acme.test');
  data(await lead.emitWithAck('duty:set', { onDuty: true }));
  const agent = await connect('agent@acme.test');
  // Account credit above $30 needs a team lead.
  const raised = data<ExceptionView>(
    await agent.emitWithAck('exception:request', {
      customerId: customerId(),
      action: 'account_credit',
      amountCents,
      reasonCode: 'goodwill',
      note: 'Third late delivery this month',
      idempotencyKey: randomUUID(),
    }),
  );
  return data<ExceptionView>(
    await lead.emitWithAck('exception:decide', {
      exceptionId: raised.id,
      decision,
      note: decision === 'counter' ? 'Offer less now' : 'Loyal customer',
      ...(counter ? { counter: { action: 'account_credit', amountCents: counter } } : {}),
    }),
  );
}

/** The agent logs the ticket's resolution citing the grant; the auditor opens it for review. */
async function logAndOpen(ticketId: string, grant: { grantId: string; amountCents: number }) {
  const agent = await t.token('agent@acme.test');
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/resolutions',
    headers: { authorization: `Bearer ${agent}` },
    payload: {
      idempotencyKey: randomUUID(),
      customerId: customerId(),
      helpdesk: 'zendesk',
      ticketId,
      outcome: 'resolved',
      category: 'delivery',
      note: 'Credited for the late deliveries',
      handleTimeSeconds: 400,
      actions: [{ action: 'account_credit', amountCents: grant.amountCents, grantId: grant.grantId }],
    },
  });
  expect(res.statusCode).toBe(201);
  const view = await t.app.inject({
    method: 'GET',
    url: `/v1/qa/resolutions/${res.json().id}`,
    headers: { authorization: `Bearer ${await t.token('auditor@acme.test')}` },
  });
  expect(view.statusCode).toBe(200);
  return view.json();
}

describe('followed policy for an escalated exception', () => {
  it('approved by a team lead: within policy, pre-filled 5, naming the approver and the level', async () => {
    const decided = await escalate('approve', 4_500);
    expect(decided).toMatchObject({ status: 'approved', decidedBy: { name: 'Lee Lead' } });
    const view = await logAndOpen('9201', { grantId: decided.grantId!, amountCents: 4_500 });
    const detail = 'account credit $45 approved by Lee Lead (Team lead)';
    expect(view.checks.find((c: { check: string }) => c.check === 'within_leeway')).toEqual({
      check: 'within_leeway',
      pass: true,
      detail,
    });
    expect(view.prefill.followed_policy).toEqual({ score: 5, comment: `Auto-check: ${detail}` });
    expect(view.actions[0]).toMatchObject({ via: 'exception', approval: { by: 'Lee Lead', level: 'Team lead' } });
    expect(view.customerName).toBe('Marco Rossi');
  });

  it('a counter-offer the agent took is within policy too', async () => {
    const decided = await escalate('counter', 5_000, 4_000);
    expect(decided.status).toBe('countered');
    const view = await logAndOpen('9202', { grantId: decided.grantId!, amountCents: 4_000 });
    expect(view.prefill.followed_policy).toEqual({ score: 5, comment: 'Auto-check: account credit $40 approved by Lee Lead (Team lead)' });
  });
});
