/**
 * Tenancy and roles on every REST route, enumerated from the running server itself
 * (`app.routeList`): each refuses every role its rule leaves out, and another tenant's user of an
 * allowed role neither reads nor changes this tenant's records. A route without a sample in
 * test/support/access-samples.ts fails here, so a new one cannot ship unexamined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission } from '@shared/permissions';
import type { TestApp } from '../support/app';
import { allowed, call, email, leaks, ROLES, startAccessApp, tenantRows } from '../support/access-fixture';
import { known, ROUTE_SAMPLES } from '../support/access-samples';

/** Public by design, each with why; a new public route must be added here on purpose. */
const EXPECTED_PUBLIC = [
  'OPTIONS *',
  'GET /health',
  'GET /ready',
  'GET /metrics',
  'GET /pop',
  'GET /widgets/genesys',
  'POST /v1/auth/sign-in',
  'POST /v1/auth/refresh',
  'POST /v1/ingest/events',
  'POST /v1/ingest/calls',
  'POST /v1/integrations/aircall/:tenantId/webhook',
  'POST /v1/users/invitations/accept',
];
const isDocsRoute = (url: string) => url === '/docs' || url.startsWith('/docs/');

let t: TestApp;
let acmeTenantId: string;
beforeAll(async () => {
  t = await startAccessApp();
  acmeTenantId = t.seeded.acme.tenantId;
}, 60_000);
afterAll(() => t.close());

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
    for (const url of ['/v1/ingest/events', '/v1/ingest/calls'])
      expect((await t.app.inject({ method: 'POST', url, payload: {} })).statusCode, url).toBe(401);
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

describe('the console: every role opens it; a supervisor gets the offers and nothing of QA', () => {
  /** The console's own routes a supervisor may use: who they are, the offer report. Every other QA route refuses them. */
  const SUPERVISOR_CONSOLE = ['GET /v1/qa/me', 'GET /v1/qa/offers'];

  it('tells each role who they are (GET /v1/qa/me), supervisors included', async () => {
    for (const role of ROLES) {
      const res = await call(email(role, 'acme'), 'GET', '/v1/qa/me');
      expect(res.statusCode, role).toBe(200);
      expect(res.json(), role).toEqual({
        userId: t.seeded.acme.users[role === 'supervisor' ? 'supervisor' : role],
        role,
        name: expect.any(String),
      });
    }
    expect((await call('lead@acme.test', 'GET', '/v1/qa/me')).json().name).toBe('Lee Lead');
  });

  it('gives a supervisor the offer report and the offers in force, read only', async () => {
    const report = await call('lead@acme.test', 'GET', '/v1/qa/offers');
    expect(report.statusCode).toBe(200);
    expect(report.json().offersVersion).toBeGreaterThan(0);
    expect(report.json()).toMatchObject({ totals: expect.any(Object), offers: expect.any(Array), teams: expect.any(Array) });
    expect((await call('lead@acme.test', 'GET', '/v1/settings/offers')).statusCode).toBe(200);
    expect((await call('lead@acme.test', 'GET', '/v1/settings/offers/versions')).statusCode).toBe(200);
    const edit = await call('lead@acme.test', 'PUT', '/v1/settings/offers', ROUTE_SAMPLES['PUT /v1/settings/offers']!().body);
    expect(edit.statusCode).toBe(403);
  });

  it('refuses a supervisor every other QA route (queue, reviews, disputes, calibration, charts, findings, exports), the audit log and people', async () => {
    const guarded = t.app.routeList.filter(
      (r) => 'permission' in r.rule && /^\/v1\/(qa|audit|users)\b/.test(r.url) && !SUPERVISOR_CONSOLE.includes(`${r.method} ${r.url}`),
    );
    const letIn: string[] = [];
    for (const r of guarded) {
      const s = ROUTE_SAMPLES[`${r.method} ${r.url}`]!();
      const res = await call('lead@acme.test', r.method, s.url ?? r.url, s.body, s.query);
      if (res.statusCode !== 403) letIn.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(letIn).toEqual([]);
    const urls = guarded.map((r) => `${r.method} ${r.url}`);
    for (const key of [
      'GET /v1/qa/queues',
      'GET /v1/qa/reviews',
      'GET /v1/qa/disputes',
      'GET /v1/qa/calibrations',
      'GET /v1/qa/charts',
      'GET /v1/qa/findings',
      'GET /v1/qa/scorecards',
      'GET /v1/qa/resolutions/:resolutionId',
      'GET /v1/qa/export/reviews',
      'GET /v1/audit',
      'GET /v1/users',
    ])
      expect(urls).toContain(key);
  });

  it('leaves agents, auditors and admins as they were: agents their own reviews only, QA everything', async () => {
    const mine = await call('agent@acme.test', 'GET', '/v1/qa/reviews');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().length).toBeGreaterThan(0);
    for (const r of mine.json() as { agentId: string }[]) expect(r.agentId).toBe(known.acmeAgentId);
    for (const url of ['/v1/qa/queues', '/v1/qa/charts', '/v1/qa/offers'])
      expect((await call('agent@acme.test', 'GET', url)).statusCode, url).toBe(403);
    for (const who of ['auditor@acme.test', 'admin@acme.test'])
      for (const url of ['/v1/qa/queues', '/v1/qa/reviews', '/v1/qa/disputes', '/v1/qa/calibrations', '/v1/qa/charts', '/v1/qa/offers'])
        expect((await call(who, 'GET', url)).statusCode, `${who} ${url}`).toBe(200);
  });
});
