/**
 * Exceptions with real socket.io clients: routing to on-duty supervisors, first decision
 * wins, counter-offers, withdrawals, SLA escalation, roles and reconnection.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { escalateDue } from '../../server/src/services/exceptions';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp({ LEEWAY_SLA_SWEEP_MS: '100' })));
afterAll(() => t.close());

const customer = (email = 'marco.rossi@example.com') => t.seeded.acme.customers[email]!;
// Account credit: $30 alone, no customer cap, so every request here needs a team lead and nothing more.
const request = (over: object = {}) => ({
  customerId: customer(),
  action: 'account_credit',
  amountCents: 4_500,
  reasonCode: 'goodwill',
  note: 'Third late delivery this month',
  idempotencyKey: randomUUID(),
  ...over,
});

async function connect(email: string) {
  const { socket, error } = await t.socket(await t.token(email));
  if (error) throw new Error(error);
  return socket;
}
async function onDuty(email: string) {
  const s = await connect(email);
  const res = await s.emitWithAck('duty:set', { onDuty: true });
  if ('error' in res) throw new Error(res.error);
  return s;
}
async function offDuty(...emails: string[]) {
  for (const e of emails) await (await connect(e)).emitWithAck('duty:set', { onDuty: false });
}
const next = (
  s: ClientSocket,
  event: 'exception:raised' | 'exception:updated',
  match: (v: ExceptionView) => boolean = () => true,
  ms = 5000,
) =>
  new Promise<ExceptionView>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const on = (v: ExceptionView) => {
      if (!match(v)) return;
      clearTimeout(timer);
      s.off(event, on);
      resolve(v);
    };
    s.on(event, on);
  });
const silent = (s: ClientSocket, event: 'exception:raised', ms = 300) =>
  new Promise<boolean>((resolve) => {
    const on = () => resolve(false);
    s.once(event, on);
    setTimeout(() => (s.off(event, on), resolve(true)), ms);
  });
const data = <T>(res: { data: T } | { error: string }): T => {
  if ('error' in res) throw new Error(res.error);
  return res.data;
};

describe('raising and deciding', () => {
  it('reaches every on-duty team lead of the agent’s team at once, and no one else; the first decision wins', async () => {
    const [lead, lead2, returnsLead, manager] = await Promise.all([
      onDuty('lead@acme.test'),
      onDuty('lead2@acme.test'),
      onDuty('returns-lead@acme.test'),
      onDuty('manager@acme.test'),
    ]);
    const agent = await connect('agent@acme.test');
    const seen = [next(lead, 'exception:raised'), next(lead2, 'exception:raised')];
    const notSeen = [silent(returnsLead, 'exception:raised'), silent(manager, 'exception:raised')];
    const raised = data(await agent.emitWithAck('exception:request', request()));
    expect(raised).toMatchObject({
      status: 'pending',
      level: 'team_lead',
      levelName: 'Team lead',
      policyReason: 'Account credit above $30 for any customer needs a team lead.',
    });
    const [a, b] = (await Promise.all(seen)) as [ExceptionView, ExceptionView];
    expect([a.id, b.id]).toEqual([raised.id, raised.id]);
    expect(a).toMatchObject({
      customer: { name: 'Marco Rossi', tier: 'platinum' },
      agent: { name: 'Alex Agent' },
      note: 'Third late delivery this month',
    });
    expect(await Promise.all(notSeen)).toEqual([true, true]);

    // Both team leads decide at the same moment: exactly one wins, everyone hears the same outcome.
    const told = [next(agent, 'exception:updated'), next(lead, 'exception:updated'), next(lead2, 'exception:updated')];
    const answers = await Promise.all([
      lead.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'approve', note: 'Fine, he is a loyal customer' }),
      lead2.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'deny', note: 'No' }),
    ]);
    const wins = answers.filter((r) => 'data' in r);
    expect(wins).toHaveLength(1);
    const loss = answers.find((r) => 'error' in r) as { error: string };
    expect(loss.error).toMatch(/^(Already (approved|denied) by (Lee|Robin) Lead|Someone decided it a moment before you)$/);
    const finals = await Promise.all(told);
    expect(new Set(finals.map((f) => `${f.status}:${f.decidedBy?.name}`)).size).toBe(1);
    if (finals[0]!.status === 'approved') expect(finals[0]!.grantId).toBeTruthy();
  });

  it('a counter-offer is a decision: the agent sees it live and the grant records the counter amount with the approver', async () => {
    const lead = await onDuty('lead@acme.test');
    const agent = await connect('agent@acme.test');
    const raised = data(await agent.emitWithAck('exception:request', request({ amountCents: 4_000 })));
    const update = next(agent, 'exception:updated', (v) => v.id === raised.id);
    data(
      await lead.emitWithAck('exception:decide', {
        exceptionId: raised.id,
        decision: 'counter',
        note: 'Offer $30 now',
        counter: { action: 'account_credit', amountCents: 3_000 },
      }),
    );
    const seen = await update;
    expect(seen).toMatchObject({
      status: 'countered',
      counter: { action: 'account_credit', amountCents: 3_000 },
      decidedBy: { name: 'Lee Lead' },
      decisionNote: 'Offer $30 now',
    });
    const g = await (await t.raw()).one('select amount_cents, approved_by, exception_id from grants where id = ?', seen.grantId);
    expect(g).toEqual({ amount_cents: 3_000, approved_by: t.seeded.acme.users.supervisor, exception_id: raised.id });
  });

  it('lets the agent withdraw until decided; withdraw against decide has exactly one outcome', async () => {
    const lead = await onDuty('lead@acme.test');
    const agent = await connect('agent@acme.test');
    const raised = data(await agent.emitWithAck('exception:request', request()));
    const [w, d] = await Promise.all([
      agent.emitWithAck('exception:withdraw', { exceptionId: raised.id }),
      lead.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'approve', note: 'ok' }),
    ]);
    expect(['data' in w, 'data' in d].filter(Boolean)).toHaveLength(1);
    const final = (await t.app.repos.exceptions.view(t.seeded.acme.tenantId, raised.id))!;
    expect(final.status).toBe('data' in w ? 'withdrawn' : 'approved');
  });

  it('refuses requests that need no approval or that nothing can lift', async () => {
    const agent = await connect('agent@acme.test');
    expect(await agent.emitWithAck('exception:request', request({ amountCents: 1_000 }))).toEqual({
      error: 'This is within your leeway: record it as a grant, no approval needed',
    });
    expect(
      await agent.emitWithAck(
        'exception:request',
        request({ customerId: customer('sam.okafor@example.com'), action: 'refund', reasonCode: 'late_delivery' }),
      ),
    ).toEqual({
      error: 'No exception can lift this: A chargeback is open: refunds and credits go through the dispute, not here.',
    });
    expect(await agent.emitWithAck('exception:request', request({ note: '  ' }))).toMatchObject({
      error: 'Invalid exception:request: note: is required: tell the supervisor why the customer needs this',
    });
  });
});

describe('roles', () => {
  it('an agent cannot decide; nobody decides their own request; other teams and tenants cannot decide', async () => {
    await onDuty('lead2@acme.test');
    const agent = await connect('agent@acme.test');
    const raised = data(await agent.emitWithAck('exception:request', request()));
    const decide = (s: ClientSocket) => s.emitWithAck('exception:decide', { exceptionId: raised.id, decision: 'approve', note: 'ok' });
    expect(await decide(agent)).toEqual({ error: 'Your role (agent) may not exception decide' });
    expect(await decide(await connect('returns-lead@acme.test'))).toEqual({ error: 'This request belongs to team billing' });
    expect(await decide(await connect('lead@globex.test'))).toEqual({ error: 'No such exception request in your tenant' });

    const lead = await connect('lead@acme.test');
    const own = data(await lead.emitWithAck('exception:request', request({ idempotencyKey: randomUUID() })));
    expect(await lead.emitWithAck('exception:decide', { exceptionId: own.id, decision: 'approve', note: 'me' })).toEqual({
      error: 'Nobody decides their own request',
    });
    const globexPending = data(await (await connect('lead@globex.test')).emitWithAck('exception:pending', {}));
    expect(globexPending.map((v) => v.id)).not.toContain(raised.id);
  });
});

describe('presence, SLA and reconnection', () => {
  it('goes straight to the next level when nobody of its level is on duty, and says so', async () => {
    await offDuty('lead@acme.test', 'lead2@acme.test');
    const manager = await onDuty('manager@acme.test');
    const agent = await connect('agent@acme.test');
    const raised = next(manager, 'exception:raised');
    const view = data(await agent.emitWithAck('exception:request', request()));
    expect(view).toMatchObject({ level: 'manager', status: 'pending' });
    expect(view.history.at(-1)!.message).toBe('No team lead on duty: sent to manager');
    expect((await raised).id).toBe(view.id);
  });

  it('moves up a level when the SLA runs out, and that level is told', async () => {
    const admin = await t.token('admin@acme.test');
    const fast = structuredClone(DEMO_POLICY);
    fast.levels![0]!.slaSeconds = 1;
    const published = await t.app.inject({
      method: 'POST',
      url: '/v1/policy/versions',
      headers: { authorization: `Bearer ${admin}` },
      payload: { document: fast },
    });
    expect(published.statusCode).toBe(201);
    const lead = await onDuty('lead@acme.test');
    const manager = await onDuty('manager@acme.test');
    const agent = await connect('agent@acme.test');
    const view = data(await agent.emitWithAck('exception:request', request()));
    expect(view.level).toBe('team_lead');
    const [toManager, toAgent, toLead] = await Promise.all([
      next(manager, 'exception:raised', (v) => v.id === view.id),
      next(agent, 'exception:updated', (v) => v.id === view.id),
      next(lead, 'exception:updated', (v) => v.id === view.id),
    ]);
    expect(toManager.level).toBe('manager');
    expect(toAgent.history.at(-1)).toMatchObject({ kind: 'escalated', message: 'No answer from team lead within 1 s: sent to manager' });
    expect(toLead.level).toBe('manager'); // the team lead sees it leave their queue
    expect(await lead.emitWithAck('exception:decide', { exceptionId: view.id, decision: 'approve', note: 'late' })).toEqual({
      error: 'This request waits for a manager; your approval level is team_lead',
    });
    data(await manager.emitWithAck('exception:decide', { exceptionId: view.id, decision: 'approve', note: 'ok' }));
  });

  it('a decision racing the SLA escalation has exactly one outcome, and every party hears it', async () => {
    const lead = await onDuty('lead@acme.test');
    await onDuty('manager@acme.test');
    const agent = await connect('agent@acme.test');
    for (let i = 0; i < 10; i++) {
      const view = data(await agent.emitWithAck('exception:request', request()));
      await (await t.raw()).run('update exceptions set due_at = ? where id = ?', Date.now() - 1, view.id);
      const heard = next(agent, 'exception:updated', (v) => v.id === view.id);
      const [decided] = await Promise.all([
        lead.emitWithAck('exception:decide', { exceptionId: view.id, decision: 'approve', note: 'ok' }),
        escalateDue(t.app),
      ]);
      const final = (await t.app.repos.exceptions.view(t.seeded.acme.tenantId, view.id))!;
      if ('data' in decided) expect(final).toMatchObject({ status: 'approved', level: 'team_lead' });
      else expect(final).toMatchObject({ status: 'pending', level: 'manager' });
      const told = await heard;
      expect([told.status, told.level]).toEqual([final.status, final.level]);
    }
  });

  it('a supervisor whose connection drops gets every pending request again on return', async () => {
    await onDuty('lead2@acme.test');
    const lead = await onDuty('lead@acme.test');
    lead.disconnect();
    const agent = await connect('agent@acme.test');
    const a = data(await agent.emitWithAck('exception:request', request()));
    const b = data(await agent.emitWithAck('exception:request', request({ amountCents: 4_200 })));
    const back = await connect('lead@acme.test');
    const pending = data(await back.emitWithAck('exception:pending', {})).map((v) => v.id);
    expect(pending).toEqual(expect.arrayContaining([a.id, b.id]));
    // Still on duty after reconnecting: new requests reach it live.
    const live = next(back, 'exception:raised');
    const c = data(await agent.emitWithAck('exception:request', request({ amountCents: 4_100 })));
    expect((await live).id).toBe(c.id);
  });
});
