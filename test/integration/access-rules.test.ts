/**
 * Tenancy and roles on every REST route and socket event, enumerated from the running
 * server itself (`app.routeList`, `socketEventRules`): each refuses every role its rule
 * leaves out, and another tenant's user of an allowed role neither reads nor changes this
 * tenant's records. A route or event without a sample below fails here, so a new one
 * cannot ship unexamined.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS, type Response } from '../../shared/events';
import { PERMISSIONS, type Permission } from '../../shared/permissions';
import type { Role } from '../../shared/schemas/common';
import { socketEventRules } from '../../server/src/sockets/handle';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';
import { ACME_HELPDESK_HOSTS } from '../../server/src/demo/hosts';

/** Public by design, each with why; a new public route must be added here on purpose. */
const EXPECTED_PUBLIC = [
  'OPTIONS *',
  'GET /health',
  'GET /ready',
  'GET /metrics',
  'POST /v1/auth/sign-in',
  'POST /v1/auth/refresh',
  'POST /v1/ingest/events',
  'POST /v1/users/invitations/accept',
];
const isDocsRoute = (url: string) => url === '/docs' || url.startsWith('/docs/');

const ROLES: Role[] = ['agent', 'supervisor', 'auditor', 'admin'];
const USER_OF: Record<Role, string> = { agent: 'agent', supervisor: 'lead', auditor: 'auditor', admin: 'admin' };
const email = (role: Role, tenant: 'acme' | 'globex') => `${USER_OF[role]}@${tenant}.test`;

let t: TestApp;
const tokens: Record<string, string> = {};
const sockets: Record<string, ClientSocket> = {};
/** Records of tenant A (acme) that tenant B (globex) must not reach. */
const f = {} as Record<
  | 'dana'
  | 'marco'
  | 'priya'
  | 'sam'
  | 'resolutionId'
  | 'queueId'
  | 'reviewId'
  | 'disputeId'
  | 'calibrationId'
  | 'adapterId'
  | 'mergeId'
  | 'exceptionId'
  | 'interactionId'
  | 'inviteeId'
  | 'erasureRequestId',
  string
>;
let acmeTenantId: string;
let acmeMarkers: string[];

async function call(as: string, method: string, url: string, payload?: unknown, query?: Record<string, string>) {
  // Signing out ends the caller's session (and its socket): do it on a session of its own.
  const token = url === '/v1/auth/sign-out' ? await t.token(as) : tokens[as];
  return t.app.inject({
    method: method as 'GET',
    url,
    query,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
const emit = <T>(as: string, event: string, payload: unknown) =>
  (sockets[as]!.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<Response<T>>)(event, payload);

const window = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
const scores = {
  followed_policy: { score: 4, comment: '' },
  resolved_problem: { score: 4, comment: '' },
  empathy: { score: 4, comment: '' },
  accurate_record: { score: 4, comment: '' },
};
const resolution = (over: object = {}) => ({
  idempotencyKey: randomUUID(),
  customerId: f.dana,
  helpdesk: 'zendesk',
  ticketId: '7001',
  outcome: 'resolved',
  category: 'billing',
  note: 'ok',
  handleTimeSeconds: 120,
  ...over,
});
const adapter = (name: string) => ({
  name,
  matches: ['https://support.acme-helpdesk.test/*'],
  ticketUrl: '/tickets/(\\d+)',
  selectors: { email: '.requester a[href^="mailto:"]' },
});

interface Sample {
  url?: string;
  query?: Record<string, string>;
  body?: unknown;
}
/** A request that is valid for its route and points at tenant A's records. */
const ROUTE_SAMPLES: Record<string, () => Sample> = {
  'GET /v1/customers/:customerId/context': () => ({ url: `/v1/customers/${f.dana}/context` }),
  'POST /v1/customers/:customerId/merge': () => ({ url: `/v1/customers/${f.sam}/merge`, body: { into: f.marco, reason: 'same person' } }),
  'POST /v1/merges/:mergeId/undo': () => ({ url: `/v1/merges/${f.mergeId}/undo`, body: {} }),
  'POST /v1/customers/:customerId/erase': () => ({ url: `/v1/customers/${f.sam}/erase`, body: {} }),
  'POST /v1/erasure-requests': () => ({ body: { customerId: f.sam } }),
  'GET /v1/erasure-requests': () => ({ query: { status: 'pending' } }),
  'POST /v1/erasure-requests/:id/erase': () => ({ url: `/v1/erasure-requests/${f.erasureRequestId}/erase`, body: {} }),
  'GET /v1/settings/erasure': () => ({}),
  'PUT /v1/settings/erasure': () => ({ body: { deadlineDays: 30 } }),
  'GET /v1/settings/log': () => ({}),
  'PUT /v1/settings/log': () => ({ body: { checkpointEveryEntries: 1000, checkpointEveryMinutes: 5 } }),
  'GET /v1/event-types': () => ({}),
  'POST /v1/event-types': () => ({ body: { type: `custom.t${Date.now()}`, label: 'Test', fields: [] } }),
  'GET /v1/policy': () => ({}),
  'GET /v1/policy/versions': () => ({}),
  'GET /v1/policy/versions/:version': () => ({ url: '/v1/policy/versions/1' }),
  'POST /v1/policy/versions': () => ({
    body: { document: policyDocument, effectiveFrom: new Date(Date.now() + 86_400_000).toISOString(), note: 'access test' },
  }),
  'GET /v1/policy/diff': () => ({ query: { from: '1', to: '1' } }),
  'POST /v1/policy/what-if': () => ({ body: { document: policyDocument, ...window() } }),
  'POST /v1/grants': () => ({ body: { customerId: f.dana, action: 'account_credit', amountCents: 500, idempotencyKey: randomUUID() } }),
  'POST /v1/grants/evaluate': () => ({ body: { customerId: f.dana, action: 'account_credit', amountCents: 500 } }),
  'POST /v1/resolutions': () => ({ body: resolution() }),
  'POST /v1/resolutions/:resolutionId/corrections': () => ({
    url: `/v1/resolutions/${f.resolutionId}/corrections`,
    body: { idempotencyKey: randomUUID(), outcome: 'unresolved', note: 'wrong outcome' },
  }),
  'GET /v1/log/verify': () => ({}),
  'GET /v1/log/checkpoints': () => ({ query: { after: '0' } }),
  'PUT /v1/log/retention': () => ({ body: { days: 400 } }),
  'GET /v1/helpdesk-hosts': () => ({}),
  // The tenant's own list, unchanged: later samples still open interactions on acme.zendesk.com.
  'PUT /v1/helpdesk-hosts': () => ({ body: { hosts: [...ACME_HELPDESK_HOSTS] } }),
  'GET /v1/adapters': () => ({}),
  'POST /v1/adapters': () => ({ body: adapter(`Access ${randomUUID()}`) }),
  'PUT /v1/adapters/:id': () => ({ url: `/v1/adapters/${f.adapterId}`, body: adapter(`Renamed ${randomUUID()}`) }),
  'DELETE /v1/adapters/:id': () => ({ url: `/v1/adapters/${f.adapterId}` }),
  'GET /v1/qa/me': () => ({}),
  'GET /v1/qa/scorecards': () => ({}),
  'POST /v1/qa/scorecards': () => ({ body: { criteria: [{ id: 'followed_policy', label: 'Followed policy', weight: 1 }] } }),
  'GET /v1/qa/queues': () => ({}),
  'POST /v1/qa/queues': () => ({ body: { name: 'Access', ...window(), rules: { randomShare: 1, perAgentWeeklyMin: 0 } } }),
  'GET /v1/qa/queues/:queueId': () => ({ url: `/v1/qa/queues/${f.queueId}` }),
  'GET /v1/qa/resolutions/:resolutionId': () => ({ url: `/v1/qa/resolutions/${f.resolutionId}` }),
  'POST /v1/qa/resolutions/:resolutionId/review': () => ({
    url: `/v1/qa/resolutions/${f.resolutionId}/review`,
    body: { scorecardVersion: 1, scores },
  }),
  'GET /v1/qa/reviews': () => ({}),
  'POST /v1/qa/reviews/:reviewId/disputes': () => ({
    url: `/v1/qa/reviews/${f.reviewId}/disputes`,
    body: { criteria: ['empathy'], reason: 'I was kind' },
  }),
  'GET /v1/qa/disputes': () => ({}),
  'POST /v1/qa/disputes/:disputeId/decision': () => ({
    url: `/v1/qa/disputes/${f.disputeId}/decision`,
    body: { outcome: 'upheld', note: 'stands' },
  }),
  'GET /v1/qa/calibrations': () => ({}),
  'POST /v1/qa/calibrations': () => ({ body: { name: 'Access', resolutionIds: [f.resolutionId] } }),
  'GET /v1/qa/calibrations/:calibrationId': () => ({ url: `/v1/qa/calibrations/${f.calibrationId}` }),
  'PUT /v1/qa/calibrations/:calibrationId/scores/:resolutionId': () => ({
    url: `/v1/qa/calibrations/${f.calibrationId}/scores/${f.resolutionId}`,
    body: { scores: { followed_policy: 4, resolved_problem: 4, empathy: 4, accurate_record: 4 } },
  }),
  'GET /v1/qa/findings': () => ({ query: window() }),
  'POST /v1/qa/findings/queue': () => ({ body: { ...window(), detector: 'short_handle', agentId: t.seeded.acme.users.agent } }),
  'GET /v1/qa/charts': () => ({ query: window() }),
  'GET /v1/qa/integrity': () => ({}),
  'POST /v1/qa/integrity': () => ({ body: {} }),
  'GET /v1/qa/export/queues/:queueId': () => ({ url: `/v1/qa/export/queues/${f.queueId}` }),
  'GET /v1/qa/export/reviews': () => ({}),
  'GET /v1/qa/export/disputes': () => ({}),
  'GET /v1/qa/export/findings': () => ({ query: window() }),
  'POST /v1/auth/sign-out': () => ({ body: {} }),
  'GET /v1/settings/reveals': () => ({}),
  'PUT /v1/settings/reveals': () => ({ body: { perHour: 60 } }),
  'GET /v1/audit': () => ({}),
  'GET /v1/audit/export': () => ({}),
  'GET /v1/users': () => ({}),
  'POST /v1/users/invitations': () => ({ body: { email: `access-${randomUUID()}@invitee.test`, name: 'Access Invitee', role: 'agent' } }),
  'POST /v1/users/:userId/invitation': () => ({ url: `/v1/users/${f.inviteeId}/invitation`, body: {} }),
  // An invitee of its own: deactivating a seeded user would end sessions the other samples use.
  'POST /v1/users/:userId/deactivate': () => ({ url: `/v1/users/${f.inviteeId}/deactivate`, body: {} }),
  'POST /v1/users/:userId/reactivate': () => ({ url: `/v1/users/${f.inviteeId}/reactivate`, body: {} }),
  'PATCH /v1/users/:userId': () => ({ url: `/v1/users/${f.inviteeId}`, body: { team: 'returns' } }),
};

/** A socket payload that is valid for its event and points at tenant A's records. */
const EVENT_SAMPLES: Record<string, () => unknown> = {
  'interaction:open': () => ({
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: '7002',
    requester: { email: 'dana.whitfield@example.com' },
  }),
  'interaction:close': () => ({ interactionId: f.interactionId }),
  'interaction:messages': () => ({ interactionId: f.interactionId, messages: [{ text: 'I am upset' }] }),
  'customer:reveal': () => ({ customerId: f.dana, field: 'email' }),
  'grant:record': () => ({ customerId: f.dana, action: 'account_credit', amountCents: 500, idempotencyKey: randomUUID() }),
  'exception:request': () => ({
    customerId: f.dana,
    action: 'account_credit',
    amountCents: 4_500,
    reasonCode: 'goodwill',
    note: 'late again',
    idempotencyKey: randomUUID(),
  }),
  'exception:withdraw': () => ({ exceptionId: f.exceptionId }),
  'exception:decide': () => ({ exceptionId: f.exceptionId, decision: 'deny', note: 'no' }),
  'exception:pending': () => ({}),
  'duty:set': () => ({ onDuty: true }),
  'exception:board': () => ({}),
  'resolution:draft': () => ({ helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId: '7001' }),
  'resolution:submit': () => resolution(),
  'client:stats': () => ({ outboxDepth: 0 }),
};

let policyDocument: unknown;

beforeAll(async () => {
  t = await startTestApp();
  for (const tenant of ['acme', 'globex'] as const)
    for (const role of ROLES) {
      const e = email(role, tenant);
      tokens[e] = await t.token(e);
      const { socket, error } = await t.socket(tokens[e]);
      if (error) throw new Error(`${e} could not connect: ${error}`);
      sockets[e] = socket;
    }
  const c = t.seeded.acme.customers;
  acmeTenantId = t.seeded.acme.tenantId;
  Object.assign(f, { dana: c['dana.whitfield@example.com'], marco: c['marco.rossi@example.com'], priya: c['priya@example.com'] });
  f.sam = Object.entries(c).find(([e]) => e.startsWith('sam'))![1];
  policyDocument = (await call('admin@acme.test', 'GET', '/v1/policy')).json().document;

  const ok = async (res: Awaited<ReturnType<typeof call>>) => {
    if (res.statusCode >= 300) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  f.resolutionId = (await ok(await call('agent@acme.test', 'POST', '/v1/resolutions', resolution()))).id;
  f.queueId = (
    await ok(
      await call('auditor@acme.test', 'POST', '/v1/qa/queues', {
        name: 'Setup',
        ...window(),
        rules: { randomShare: 1, perAgentWeeklyMin: 0 },
      }),
    )
  ).id;
  f.reviewId = (
    await ok(await call('auditor@acme.test', 'POST', `/v1/qa/resolutions/${f.resolutionId}/review`, { scorecardVersion: 1, scores }))
  ).id;
  f.disputeId = (
    await ok(
      await call('agent@acme.test', 'POST', `/v1/qa/reviews/${f.reviewId}/disputes`, { criteria: ['empathy'], reason: 'I was kind' }),
    )
  ).id;
  f.calibrationId = (
    await ok(await call('auditor@acme.test', 'POST', '/v1/qa/calibrations', { name: 'Setup', resolutionIds: [f.resolutionId] }))
  ).id;
  f.adapterId = (await ok(await call('admin@acme.test', 'POST', '/v1/adapters', adapter('Setup adapter')))).id;
  f.inviteeId = (
    await ok(
      await call('admin@acme.test', 'POST', '/v1/users/invitations', {
        email: 'access-setup@invitee.test',
        name: 'Setup Invitee',
        role: 'agent',
      }),
    )
  ).user.id;
  f.erasureRequestId = (await ok(await call('admin@acme.test', 'POST', '/v1/erasure-requests', { customerId: f.sam }))).id;
  f.mergeId = (
    await ok(await call('lead@acme.test', 'POST', `/v1/customers/${f.priya}/merge`, { into: f.marco, reason: 'same person' }))
  ).mergeId;
  const opened = await emit<{ interactionId: string }>('agent@acme.test', 'interaction:open', EVENT_SAMPLES['interaction:open']!());
  if ('error' in opened) throw new Error(opened.error);
  f.interactionId = opened.data.interactionId;
  const raised = await emit<{ id: string }>('agent@acme.test', 'exception:request', EVENT_SAMPLES['exception:request']!());
  if ('error' in raised) throw new Error(raised.error);
  f.exceptionId = raised.data.id;

  // Anything that names tenant A: its id, its users, its customers, the records above.
  const users = Object.values(t.seeded.acme.users as Record<string, string>);
  acmeMarkers = [acmeTenantId, ...users, ...Object.values(c), ...Object.values(f), '@acme.test', 'Acme', ...Object.keys(c)];
}, 60_000);
afterAll(() => t.close());

/** Tables with a tenant_id column, from the engine's catalogue. */
const TENANT_TABLES = {
  sqlite:
    "select m.name as name from sqlite_master m join pragma_table_info(m.name) c on c.name = 'tenant_id' where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like '__drizzle%'",
  postgres: "select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'",
};

/** Row counts of tenant A in every table that has a tenant_id: a wrong-tenant call changes none. */
async function tenantRows(tenantId: string): Promise<Record<string, number>> {
  const raw = await t.raw();
  const counts: Record<string, number> = {};
  for (const { name } of await raw.all<{ name: string }>(TENANT_TABLES[t.engine]))
    counts[name] = (await raw.one<{ n: number }>(`select count(*) as n from "${name}" where tenant_id = ?`, tenantId))!.n;
  // An empty catalogue answer would make the comparisons below vacuous.
  if (!('resolution_log' in counts) || Object.keys(counts).length < 5)
    throw new Error(`tenant tables not found: ${JSON.stringify(counts)}`);
  return counts;
}
/** Tenant A's markers in an answer, except those the caller sent itself (an echo is no leak). */
const leaks = (text: string, sent: unknown = null) => acmeMarkers.filter((m) => m && text.includes(m) && !JSON.stringify(sent).includes(m));
const allowed = (p: Permission) => PERMISSIONS[p] as readonly Role[];

describe('REST routes', () => {
  it('every route has a rule, and the public ones are exactly the expected few', () => {
    const pub = t.app.routeList.filter((r) => 'public' in r.rule && !isDocsRoute(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(pub.sort()).toEqual(EXPECTED_PUBLIC.filter((p) => t.app.routeList.some((r) => `${r.method} ${r.url}` === p)).sort());
    for (const p of pub) expect(EXPECTED_PUBLIC).toContain(p);
  });

  it('every guarded route has a sample here (add one for a new route)', () => {
    const missing = t.app.routeList
      .filter((r) => 'permission' in r.rule && !ROUTE_SAMPLES[`${r.method} ${r.url}`])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('refuses anonymous callers (401), and the ingest webhook without a signature', async () => {
    const open: string[] = [];
    for (const r of t.app.routeList.filter((x) => 'permission' in x.rule)) {
      const s = ROUTE_SAMPLES[`${r.method} ${r.url}`]!();
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: s.url ?? r.url,
        query: s.query,
        ...(s.body === undefined ? {} : { payload: s.body as object }),
      });
      if (res.statusCode !== 401) open.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(open).toEqual([]);
    expect((await t.app.inject({ method: 'POST', url: '/v1/ingest/events', payload: {} })).statusCode).toBe(401);
  });

  it('refuses every role its permission leaves out (403)', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const r of t.app.routeList) {
      if (!('permission' in r.rule)) continue;
      for (const role of ROLES.filter((x) => !allowed((r.rule as { permission: Permission }).permission).includes(x))) {
        const s = ROUTE_SAMPLES[`${r.method} ${r.url}`]!();
        const res = await call(email(role, 'acme'), r.method, s.url ?? r.url, s.body, s.query);
        checked++;
        if (res.statusCode !== 403) wrong.push(`${role} ${r.method} ${r.url} → ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it("another tenant's user of an allowed role neither reads nor changes this tenant's records", async () => {
    const before = await tenantRows(acmeTenantId);
    const problems: string[] = [];
    for (const r of t.app.routeList) {
      if (!('permission' in r.rule)) continue;
      const key = `${r.method} ${r.url}`;
      for (const role of allowed(r.rule.permission)) {
        const s = ROUTE_SAMPLES[key]!();
        const res = await call(email(role, 'globex'), r.method, s.url ?? r.url, s.body, s.query);
        if (res.statusCode >= 500 || res.statusCode === 400 || res.statusCode === 401)
          problems.push(`${role} ${key} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (res.statusCode < 400 && leaks(res.body).length) problems.push(`${role} ${key} leaked ${leaks(res.body).join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await tenantRows(acmeTenantId)).toEqual(before);
  });

  it("each sample is valid: this tenant's own allowed users get past validation and find the records", async () => {
    const problems: string[] = [];
    // Destructive samples last, so the others still find their records.
    const last = [
      'POST /v1/merges/:mergeId/undo',
      'DELETE /v1/adapters/:id',
      'POST /v1/erasure-requests/:id/erase',
      'POST /v1/customers/:customerId/erase',
      'POST /v1/auth/sign-out',
    ];
    const order = t.app.routeList
      .filter((r) => 'permission' in r.rule)
      .sort((a, b) => last.indexOf(`${a.method} ${a.url}`) - last.indexOf(`${b.method} ${b.url}`));
    for (const r of order) {
      const key = `${r.method} ${r.url}`;
      const role = allowed((r.rule as { permission: Permission }).permission)[0]!;
      const s = ROUTE_SAMPLES[key]!();
      const res = await call(email(role, 'acme'), r.method, s.url ?? r.url, s.body, s.query);
      const notFoundIsRight = key === 'POST /v1/qa/findings/queue'; // queues a detector's finding; the demo period has none
      if ([400, 401].includes(res.statusCode) || (res.statusCode === 404 && !notFoundIsRight) || res.statusCode >= 500)
        problems.push(`${role} ${key} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('socket events', () => {
  it('every client event is registered with a rule and has a sample here', () => {
    expect([...socketEventRules.keys()].sort()).toEqual([...CLIENT_EVENTS].sort());
    expect(CLIENT_EVENTS.filter((e) => !EVENT_SAMPLES[e])).toEqual([]);
  });

  it('refuses every role its permission leaves out', async () => {
    const wrong: string[] = [];
    for (const [event, rule] of socketEventRules) {
      for (const role of ROLES.filter((x) => !allowed(rule.permission).includes(x))) {
        const res = await emit(email(role, 'acme'), event, EVENT_SAMPLES[event]!());
        if (!('error' in res) || !/may not/.test(res.error)) wrong.push(`${role} ${event} → ${JSON.stringify(res).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("another tenant's user of an allowed role neither reads nor changes this tenant's records", async () => {
    const before = await tenantRows(acmeTenantId);
    const problems: string[] = [];
    for (const [event, rule] of socketEventRules) {
      for (const role of allowed(rule.permission)) {
        const payload = EVENT_SAMPLES[event]!();
        const res = await emit(email(role, 'globex'), event, payload);
        const text = JSON.stringify(res);
        if ('error' in res && (/^Invalid /.test(res.error) || /went wrong/.test(res.error)))
          problems.push(`${role} ${event} → ${res.error}`);
        else if ('data' in res && leaks(text, payload).length) problems.push(`${role} ${event} leaked ${leaks(text, payload).join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await tenantRows(acmeTenantId)).toEqual(before);
  });

  it("each sample is valid: this tenant's own allowed users get an answer, not a validation error", async () => {
    const problems: string[] = [];
    for (const [event, rule] of socketEventRules) {
      const role = allowed(rule.permission)[0]!;
      const res = await emit(email(role, 'acme'), event, EVENT_SAMPLES[event]!());
      if ('error' in res && (/^Invalid /.test(res.error) || /went wrong|not found/i.test(res.error)))
        problems.push(`${role} ${event} → ${res.error}`);
    }
    expect(problems).toEqual([]);
  });
});
