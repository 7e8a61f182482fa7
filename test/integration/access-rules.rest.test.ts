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
import { ROUTE_SAMPLES } from '../support/access-samples';

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
