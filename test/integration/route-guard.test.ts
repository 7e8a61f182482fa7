/**
 * Every REST route refuses an anonymous caller, except the few that are public by design.
 * A new route without `app.authorize(...)` fails here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/** Public by design, each with why. */
const PUBLIC = new Set([
  'POST /v1/auth/sign-in', // how a token is obtained
  'GET /health', // load balancers, no data
  'POST /v1/ingest/events', // authenticated by the ingest key's HMAC signature instead
  'OPTIONS *', // CORS preflight (@fastify/cors), answers no data
]);

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

it('refuses anonymous callers on every non-public route', async () => {
  const guarded = t.app.routeList.filter((r) => !PUBLIC.has(`${r.method} ${r.url}`));
  expect(guarded.length).toBeGreaterThan(15);
  const open: string[] = [];
  for (const r of guarded) {
    const url = r.url.replace(/:[a-zA-Z]+/g, 'x');
    const res = await t.app.inject({ method: r.method as 'GET', url, payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
    if (res.statusCode !== 401) open.push(`${r.method} ${r.url} answered ${res.statusCode}`);
  }
  expect(open).toEqual([]);
});

it('refuses the ingest webhook without a signature', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/ingest/events', payload: {} });
  expect(res.statusCode).toBe(401);
});
