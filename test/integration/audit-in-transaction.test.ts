/**
 * Every audited action and its audit entry are one transaction: when the entry cannot be
 * written, the action leaves no trace. The audit store is made to fail by a trigger that refuses
 * the actions under test, as a crash between the two writes would. And the repository refuses to
 * write an entry outside a transaction at all, so a new caller cannot split them again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteReply } from '@shared/schemas/users';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const tokens = new Map<string, string>();
const f = {} as Record<'dana' | 'sam' | 'adapterId' | 'disputeId' | 'inviteToken', string>;
const scores = {
  followed_policy: { score: 4, comment: '' },
  resolved_problem: { score: 4, comment: '' },
  empathy: { score: 4, comment: '' },
  accurate_record: { score: 4, comment: '' },
};
const adapter = (name: string) => ({
  name,
  matches: ['https://support.acme-helpdesk.test/*'],
  ticketUrl: '/tickets/(\\d+)',
  selectors: { email: '.requester a[href^="mailto:"]' },
});

async function call(as: string, method: string, url: string, payload?: unknown) {
  const token = tokens.get(as) ?? tokens.set(as, await t.token(as)).get(as)!;
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
async function ok(res: Awaited<ReturnType<typeof call>>) {
  if (res.statusCode >= 300) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return res.json();
}
const rows = async <T>(sql: string, ...params: unknown[]) => (await t.raw()).all<T>(sql, ...params);

/** Each audited action, and what it would have changed: read before and after a failed attempt. */
const CASES: { action: string; act: () => ReturnType<typeof call>; state: () => Promise<unknown> }[] = [
  {
    action: 'adapter.create',
    act: () => call('admin@acme.test', 'POST', '/v1/adapters', adapter('Never stored')),
    state: () => rows('select id, name from helpdesk_adapters order by id'),
  },
  {
    action: 'adapter.update',
    act: () => call('admin@acme.test', 'PUT', `/v1/adapters/${f.adapterId}`, adapter('Never renamed')),
    state: () => rows('select id, name from helpdesk_adapters order by id'),
  },
  {
    action: 'adapter.delete',
    act: () => call('admin@acme.test', 'DELETE', `/v1/adapters/${f.adapterId}`),
    state: () => rows('select id, name from helpdesk_adapters order by id'),
  },
  {
    action: 'event-type.declare',
    act: () => call('admin@acme.test', 'POST', '/v1/event-types', { type: 'custom.never', label: 'Never', fields: [] }),
    state: () => rows('select type from event_types order by type'),
  },
  {
    action: 'policy.publish',
    act: async () =>
      call('admin@acme.test', 'POST', '/v1/policy/versions', {
        document: (await call('admin@acme.test', 'GET', '/v1/policy')).json().document,
        note: 'never',
      }),
    state: () => rows('select tenant_id, version from policy_versions order by tenant_id, version'),
  },
  {
    action: 'helpdesk-hosts.update',
    act: () => call('admin@acme.test', 'PUT', '/v1/helpdesk-hosts', { hosts: ['acme.zendesk.com', 'never.zendesk.com'] }),
    state: () => rows('select tenant_id, host from helpdesk_hosts order by tenant_id, host'),
  },
  {
    action: 'log.retention',
    act: () => call('admin@acme.test', 'PUT', '/v1/log/retention', { days: 400 }),
    state: () => rows('select id, retention_days from tenants order by id'),
  },
  {
    action: 'customer.erase',
    act: () => call('admin@acme.test', 'POST', `/v1/customers/${f.sam}/erase`, {}),
    state: () => rows('select id, name, erased_at from customers where id = ?', f.sam),
  },
  {
    action: 'qa.scorecard.create',
    act: () =>
      call('auditor@acme.test', 'POST', '/v1/qa/scorecards', {
        criteria: [{ id: 'followed_policy', label: 'Followed policy', weight: 1 }],
      }),
    state: () => rows('select tenant_id, version from qa_scorecards order by tenant_id, version'),
  },
  {
    action: 'qa.dispute.decide',
    act: () => call('admin@acme.test', 'POST', `/v1/qa/disputes/${f.disputeId}/decision`, { outcome: 'upheld', note: 'stands' }),
    state: () => rows('select id, status from qa_disputes order by id'),
  },
  {
    action: 'user.invite',
    act: () => call('admin@acme.test', 'POST', '/v1/users/invitations', { email: 'never@acme.test', name: 'Never Stored', role: 'agent' }),
    state: () => rows('select id from users order by id'),
  },
  {
    action: 'user.invite-accept',
    act: () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/users/invitations/accept',
        payload: { token: f.inviteToken, password: 'a long new password' },
      }),
    state: () => rows('select id, password_hash, invite_hash from users order by id'),
  },
  {
    action: 'user.deactivate',
    act: () => call('admin@acme.test', 'POST', `/v1/users/${t.seeded.acme.users.senior}/deactivate`),
    state: () =>
      rows(
        'select u.deactivated_at, s.id, s.revoked_at from users u left join sessions s on s.user_id = u.id where u.id = ? order by s.id',
        t.seeded.acme.users.senior,
      ),
  },
  {
    action: 'user.access-change',
    act: () => call('admin@acme.test', 'PATCH', `/v1/users/${t.seeded.acme.users.agent}`, { role: 'auditor' }),
    state: () => rows('select role, agent_level, team, approval_level from users where id = ?', t.seeded.acme.users.agent),
  },
];
const FAILING = [...CASES.map((c) => c.action), 'audit.export'];

beforeAll(async () => {
  t = await startTestApp();
  const c = t.seeded.acme.customers;
  f.dana = c['dana.whitfield@example.com']!;
  f.sam = Object.entries(c).find(([e]) => e.startsWith('sam'))![1];
  // Records the actions act on, made before the audit store fails.
  f.adapterId = (await ok(await call('admin@acme.test', 'POST', '/v1/adapters', adapter('Kept')))).id;
  const resolution = {
    idempotencyKey: randomUUID(),
    customerId: f.dana,
    helpdesk: 'zendesk',
    ticketId: '7001',
    outcome: 'resolved',
    category: 'billing',
    note: 'ok',
    handleTimeSeconds: 120,
  };
  const resolutionId = (await ok(await call('agent@acme.test', 'POST', '/v1/resolutions', resolution))).id;
  const reviewId = (
    await ok(await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${resolutionId}/review`, { scorecardVersion: 1, scores }))
  ).id;
  f.disputeId = (
    await ok(await call('agent@acme.test', 'POST', `/v1/qa/reviews/${reviewId}/disputes`, { criteria: ['empathy'], reason: 'I was kind' }))
  ).id;
  f.inviteToken = (
    (await ok(
      await call('admin@acme.test', 'POST', '/v1/users/invitations', { email: 'invitee@acme.test', name: 'Ivy Invitee', role: 'agent' }),
    )) as InviteReply
  ).invite.token;
  await t.token('senior@acme.test'); // a live session that a deactivation would end

  const actions = FAILING.map((a) => `'${a}'`).join(', ');
  const raw = await t.raw();
  if (t.engine === 'sqlite') {
    await raw.run(
      `create trigger leeway_test_audit_down before insert on audit_log when new.action in (${actions}) begin select raise(abort, 'audit store down'); end`,
    );
  } else {
    await raw.run(
      `create function leeway_test_audit_down() returns trigger language plpgsql as $$ begin raise exception 'audit store down'; end $$`,
    );
    await raw.run(
      `create trigger leeway_test_audit_down before insert on audit_log for each row when (new.action in (${actions})) execute function leeway_test_audit_down()`,
    );
  }
}, 60_000);
afterAll(() => t?.close());

describe('an audited action whose entry cannot be written', () => {
  it.each(CASES.map((c) => [c.action, c] as const))('%s leaves no trace', async (_action, c) => {
    const before = await c.state();
    const res = await c.act();
    expect(res.statusCode, res.body).toBe(500);
    expect(await c.state()).toEqual(before);
  });

  it('an audit export whose entry cannot be written sends no file', async () => {
    const res = await call('admin@acme.test', 'GET', '/v1/audit/export');
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).not.toMatch(/csv/);
  });
});

describe('audit.record', () => {
  it('refuses to run outside a transaction, and writes inside one', async () => {
    const { tenantId, users } = t.seeded.acme;
    await expect(t.app.repos.audit.record(tenantId, users.admin, 'test.outside', 'x')).rejects.toThrow(
      /outside a transaction: wrap the action and its entry in one app\.db\.tx/,
    );
    expect(await t.app.repos.audit.forTarget(tenantId, 'x')).toEqual([]);
    const id = await t.app.db.tx(() => t.app.repos.audit.record(tenantId, users.admin, 'test.inside', 'y'));
    expect(await t.app.repos.audit.forTarget(tenantId, 'y')).toMatchObject([{ id, action: 'test.inside' }]);
  });
});
