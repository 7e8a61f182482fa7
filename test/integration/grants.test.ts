/** Grants through REST and sockets: the server evaluates, records once, refuses with the reason. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { startTestApp, type TestApp } from '../support/app';
import { countRows } from '../support/server-process';

let t: TestApp;
let agent: string;
beforeAll(async () => {
  t = await startTestApp();
  agent = await t.token('agent@acme.test');
});
afterAll(() => t.close());

const dana = () => t.seeded.acme.customers['dana.whitfield@example.com']!;
const sam = () => t.seeded.acme.customers['sam.okafor@example.com']!;
const post = (url: string, token: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
const grant = (over: object = {}) => ({
  customerId: dana(),
  action: 'refund',
  amountCents: 4_000,
  reasonCode: 'damaged',
  idempotencyKey: randomUUID(),
  ...over,
});

describe('POST /v1/grants', () => {
  it('records a grant within leeway and reports the budgets it consumed', async () => {
    const res = await post('/v1/grants', agent, grant());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'recorded',
      decision: { outcome: 'allowed' },
      grant: { action: 'refund', amountCents: 4_000, policyVersion: 1 },
    });
    expect(body.usage.agentTodayCents).toBe(4_000);
    expect(body.decision.budgets.agentDailyCents).toBe(46_000);
  });

  it('records the same grant once, however often it is sent', async () => {
    const g = grant({ amountCents: 1_000 });
    const replies = await Promise.all([1, 2, 3, 4].map(() => post('/v1/grants', agent, g)));
    expect(replies.map((r) => r.json().status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'recorded']);
    expect(new Set(replies.map((r) => r.json().grant.id)).size).toBe(1);
  });

  it('refuses a grant beyond the policy whatever the client thinks, with the reason', async () => {
    const res = await post('/v1/grants', agent, grant({ amountCents: 12_000 }));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      message: 'Refund above $100 for gold or platinum customers needs a team lead.',
      decision: { outcome: 'needs_approval', level: 'team_lead' },
    });
  });

  it('refuses under a hard stop', async () => {
    const res = await post('/v1/grants', agent, grant({ customerId: sam(), amountCents: 100 }));
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toBe('A chargeback is open: refunds and credits go through the dispute, not here.');
  });

  it('names invalid fields', async () => {
    const res = await post('/v1/grants', agent, { customerId: dana(), action: 'refund', amountCents: -3, idempotencyKey: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['body.amountCents', 'body.idempotencyKey']);
  });

  it('does not grant to another tenant’s customer, nor let auditors grant', async () => {
    const other = await post('/v1/grants', agent, grant({ customerId: t.seeded.globex.customers['hank@globex.example']! }));
    expect(other.statusCode).toBe(404);
    const auditor = await post('/v1/grants', await t.token('auditor@acme.test'), grant());
    expect(auditor.statusCode).toBe(403);
    expect(auditor.json().message).toBe('Your role (auditor) may not grant record');
  });

  it('evaluates without recording on /v1/grants/evaluate', async () => {
    const before = (await post('/v1/grants/evaluate', agent, { customerId: dana(), action: 'goodwill_gesture', amountCents: 500 })).json();
    const again = (await post('/v1/grants/evaluate', agent, { customerId: dana(), action: 'goodwill_gesture', amountCents: 500 })).json();
    expect(before.decision.outcome).toBe('allowed');
    expect(again.usage).toEqual(before.usage);
  });
});

describe('grant:record over the socket', () => {
  it('answers with the server’s decision, recorded or refused', async () => {
    const { socket } = await t.socket(await t.token('senior@acme.test'));
    const marco = t.seeded.acme.customers['marco.rossi@example.com']!;
    const ok = await socket.emitWithAck('grant:record', grant({ customerId: marco, amountCents: 20_000 }));
    expect(ok).toMatchObject({ data: { status: 'recorded' } }); // a level-2 agent may refund $200 to platinum customers
    const refused = await socket.emitWithAck(
      'grant:record',
      grant({ action: 'free_replacement', amountCents: 9_000, reasonCode: 'damaged' }),
    );
    expect(refused).toMatchObject({ data: { status: 'refused', decision: { outcome: 'needs_approval', level: 'manager' } } });
  });
});

describe('policy administration', () => {
  const admin = () => t.token('admin@acme.test');

  it('publishes a new version, diffs it, and serves the one in force', async () => {
    const draft = structuredClone(DEMO_POLICY);
    draft.limits![0]!.maxAmountCents = 7_500;
    const res = await post('/v1/policy/versions', await admin(), { document: draft, note: 'Standard refunds to $75' });
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toBe(2);
    const diff = await t.app.inject({ url: '/v1/policy/diff?from=1&to=2', headers: { authorization: `Bearer ${agent}` } });
    expect(diff.json().changes).toEqual([
      { collection: 'limits', id: 'refund-standard', kind: 'changed', fields: [{ field: 'maxAmountCents', from: 5_000, to: 7_500 }] },
    ]);
    const current = await t.app.inject({ url: '/v1/policy', headers: { authorization: `Bearer ${agent}` } });
    expect(current.json().version).toBe(2);
  });

  it('rejects a bad policy with every broken rule named, and stores nothing', async () => {
    const draft = structuredClone(DEMO_POLICY);
    draft.limits![0]!.maxAmountCents = -1;
    draft.levels![2]!.next = 'team_lead';
    const before = (await t.app.inject({ url: '/v1/policy/versions', headers: { authorization: `Bearer ${agent}` } })).json().length;
    const res = await post('/v1/policy/versions', await admin(), { document: draft });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { message: string }) => e.message)).toEqual([
      'limits[0] (refund-standard).maxAmountCents: must not be negative',
    ]);
    draft.limits![0]!.maxAmountCents = 1;
    const cycle = await post('/v1/policy/versions', await admin(), { document: draft });
    expect(cycle.json().message).toMatch(/^The policy has 1 problem: levels: team_lead → manager → director → team_lead is a cycle/);
    expect((await t.app.inject({ url: '/v1/policy/versions', headers: { authorization: `Bearer ${agent}` } })).json().length).toBe(before);
  });

  it('lets only admins publish', async () => {
    const res = await post('/v1/policy/versions', agent, { document: DEMO_POLICY });
    expect(res.statusCode).toBe(403);
  });

  it('replays logged grants against a draft (what-if)', async () => {
    const draft = structuredClone(DEMO_POLICY);
    draft.limits = draft.limits!.map((l) => ({ ...l, maxAmountCents: 500 })); // $5 for everything
    const res = await post('/v1/policy/what-if', await admin(), {
      document: draft,
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.total).toBe(await countRows(t.target, 'grants'));
    expect(report.total).toBeGreaterThanOrEqual(3);
    expect(report.allowed).toBe(0);
    expect(report.needs_approval).toBe(report.total);
  });
});
