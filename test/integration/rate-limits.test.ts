/**
 * Rate limits, lowered through the environment so a few requests reach them: per token on
 * every REST route (per address without one), per ingest key on the webhook with its own
 * allowance, per socket on client→server events. A 429 says when to retry.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../shared/webhook-signature';
import { startTestApp, type TestApp } from '../support/app';

const LIMIT = 5;
const INGEST_LIMIT = 8;
const SOCKET_LIMIT = 3;

let t: TestApp;
let agent: string;
let lead: string;
beforeAll(async () => {
  t = await startTestApp({ LEEWAY_RATE_LIMIT: String(LIMIT), LEEWAY_INGEST_RATE_LIMIT: String(INGEST_LIMIT), LEEWAY_SOCKET_RATE_LIMIT: String(SOCKET_LIMIT) });
  // Two sign-ins: two requests from this address.
  agent = await t.token('agent@acme.test');
  lead = await t.token('lead@acme.test');
});
afterAll(() => t.close());

const get = (url: string, token?: string) => t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

function expectTooMany(res: Awaited<ReturnType<typeof get>>, per: string) {
  expect(res.statusCode).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  expect(res.json().message).toBe(`Too many requests: at most ${res.headers['x-ratelimit-limit']} a minute ${per}; retry in ${retryAfter} second${retryAfter === 1 ? '' : 's'}`);
}

describe('REST', () => {
  it('counts per token: the sixth request with one token is refused, another token still passes', async () => {
    const answers = [];
    for (let i = 0; i < LIMIT; i++) answers.push((await get('/v1/policy', agent)).statusCode);
    expect(answers).toEqual(Array(LIMIT).fill(200));
    const refused = await get('/v1/policy', agent);
    expectTooMany(refused, 'per sign-in');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    // Any route, same token: the allowance is the token's, not the route's.
    expectTooMany(await get('/v1/event-types', agent), 'per sign-in');
    expect((await get('/v1/policy', lead)).statusCode).toBe(200);
  });

  it('counts callers without a token per address, on every route including unknown ones', async () => {
    const first = await get('/health');
    expect(first.statusCode).toBe(200);
    // The two sign-ins and this request: the header says what is left.
    expect(first.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 3));
    expect((await get('/ready')).statusCode).toBe(200);
    expect((await get('/no-such-route')).statusCode).toBe(404);
    expectTooMany(await get('/health'), 'from one address');
    expectTooMany(await get('/no-such-route'), 'from one address');
    // A signed-in caller is counted apart from the address.
    expect((await get('/v1/policy', lead)).statusCode).toBe(200);
  });

  it('runs before the token is checked, so a flood of bad tokens is limited too', async () => {
    const bad = 'not-a-token';
    const codes = [];
    for (let i = 0; i < LIMIT; i++) codes.push((await get('/v1/policy', bad)).statusCode);
    expect(codes).toEqual(Array(LIMIT).fill(401));
    expectTooMany(await get('/v1/policy', bad), 'per sign-in');
  });
});

describe('the ingest webhook', () => {
  it('has its own, larger allowance per ingest key', async () => {
    const secret = (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret;
    const post = (keyId: string, key: string) => {
      const body = JSON.stringify({ id: randomUUID(), type: 'page.visited', occurredAt: new Date().toISOString(), customer: { email: 'dana.whitfield@example.com' }, data: { url: 'https://shop.example.com/' } });
      return t.app.inject({ method: 'POST', url: '/v1/ingest/events', headers: signedHeaders(keyId, key, body), payload: body });
    };
    const codes = [];
    for (let i = 0; i < INGEST_LIMIT; i++) codes.push((await post('acme-demo', secret)).statusCode);
    expect(codes).toEqual(Array(INGEST_LIMIT).fill(200));
    expectTooMany(await post('acme-demo', secret), 'per ingest key');
    // Another key id has its own count (and is refused for what it is: unknown).
    expect((await post('other-key', secret)).statusCode).toBe(401);
  });
});

describe('socket events', () => {
  it('answers "Too many requests…" past the per-socket allowance; another socket is unaffected', async () => {
    // Tokens from before: the handshake is not a REST request.
    const { socket: s1 } = await t.socket(lead);
    const { socket: s2 } = await t.socket(lead);
    const board = (s: typeof s1) => s.emitWithAck('exception:pending', {});
    const answers = [];
    for (let i = 0; i < SOCKET_LIMIT; i++) answers.push('data' in (await board(s1)));
    expect(answers).toEqual(Array(SOCKET_LIMIT).fill(true));
    const refused = await board(s1);
    expect('error' in refused && refused.error).toMatch(new RegExp(`^Too many requests: at most ${SOCKET_LIMIT} events a minute on one connection; retry in \\d+ seconds?$`));
    expect('data' in (await board(s2))).toBe(true);
  });
});
