/**
 * Rate limits, lowered through the environment so a few requests reach them: per sign-in on
 * every REST route (per address when the token is absent or does not verify), per ingest key on
 * the webhook with its own allowance (per address for unknown keys), per sign-in on
 * client→server socket events. A 429 says when to retry. Behind a proxy, the address is the one
 * the trusted proxy saw, not what the caller wrote in X-Forwarded-For.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '@shared/webhook-signature';
import Fastify from 'fastify';
import { fastifyTrustProxy, loadConfig } from '../../server/src/config';
import { startTestApp, type TestApp } from '../support/app';

const LIMIT = 5;
const INGEST_LIMIT = 8;
const SOCKET_LIMIT = 3;

let t: TestApp;
let proxied: TestApp;
let agent: string;
let lead: string;
beforeAll(async () => {
  const limits = {
    LEEWAY_RATE_LIMIT: String(LIMIT),
    LEEWAY_INGEST_RATE_LIMIT: String(INGEST_LIMIT),
    LEEWAY_SOCKET_RATE_LIMIT: String(SOCKET_LIMIT),
  };
  [t, proxied] = await Promise.all([startTestApp(limits), startTestApp({ ...limits, LEEWAY_TRUST_PROXY: '1' })]);
  // Two sign-ins: two requests from this address.
  agent = await t.token('agent@acme.test');
  lead = await t.token('lead@acme.test');
});
afterAll(() => Promise.all([t?.close(), proxied?.close()]));

type Options = { token?: string; from?: string; headers?: Record<string, string> };
const get = (url: string, { token, from, headers = {} }: Options = {}, app = t.app) =>
  app.inject({ method: 'GET', url, remoteAddress: from, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

function expectTooMany(res: Awaited<ReturnType<typeof get>>, per: string) {
  expect(res.statusCode).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  expect(res.json().message).toBe(
    `Too many requests: at most ${res.headers['x-ratelimit-limit']} a minute ${per}; retry in ${retryAfter} second${retryAfter === 1 ? '' : 's'}`,
  );
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A well-formed token for a session of our choosing, signed with a secret that is not the server's. */
function forged(real: string): string {
  const claims = { ...JSON.parse(Buffer.from(real.split('.')[1]!, 'base64url').toString()), sid: randomUUID() };
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url')}`;
}

describe('REST', () => {
  it('counts per sign-in: the sixth request of one session is refused, another session still passes', async () => {
    const answers = [];
    // From several addresses: the allowance follows the session, not where it calls from.
    for (let i = 0; i < LIMIT; i++) answers.push((await get('/v1/policy', { token: agent, from: `198.51.100.${i}` })).statusCode);
    expect(answers).toEqual(Array(LIMIT).fill(200));
    const refused = await get('/v1/policy', { token: agent });
    expectTooMany(refused, 'per sign-in');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    // Any route, same session: the allowance is the sign-in's, not the route's.
    expectTooMany(await get('/v1/event-types', { token: agent }), 'per sign-in');
    expect((await get('/v1/policy', { token: lead })).statusCode).toBe(200);
    // The same user signing in again is another session, with its own allowance.
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      remoteAddress: '198.51.100.200',
      payload: { email: 'agent@acme.test', password: 'leeway-demo' },
    });
    expect(again.statusCode).toBe(200);
    expect((await get('/v1/policy', { token: again.json().token })).statusCode).toBe(200);
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
    expect((await get('/v1/policy', { token: lead })).statusCode).toBe(200);
  });

  it('counts a token that does not verify against the address: a new made-up token per request gets no new allowance', async () => {
    const from = '203.0.113.7';
    const madeUp = (i: number) => (i % 2 ? forged(lead) : randomBytes(24).toString('base64url'));
    const codes = [];
    // Public routes too (sign-in, health): the token is never checked there, yet it decides nothing.
    for (let i = 0; i < 50; i++) {
      const res =
        i % 3 === 0
          ? await get('/v1/policy', { token: madeUp(i), from })
          : i % 3 === 1
            ? await get('/health', { token: madeUp(i), from })
            : await t.app.inject({
                method: 'POST',
                url: '/v1/auth/sign-in',
                remoteAddress: from,
                headers: { authorization: `Bearer ${madeUp(i)}` },
                payload: { email: 'nobody@acme.test', password: 'wrong-password' },
              });
      codes.push(res.statusCode);
      if (i === LIMIT) expectTooMany(res, 'from one address');
    }
    expect(codes.slice(0, LIMIT)).toEqual([401, 200, 401, 401, 200]);
    expect(codes.slice(LIMIT)).toEqual(Array(50 - LIMIT).fill(429));
    // A real sign-in from that address still has its own allowance; another address is untouched.
    expect((await get('/v1/policy', { token: lead, from })).statusCode).toBe(200);
    expect((await get('/health', { token: forged(lead), from: '203.0.113.8' })).statusCode).toBe(200);
  });
});

describe('the ingest webhook', () => {
  it('has its own, larger allowance per ingest key', async () => {
    const secret = (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret;
    const post = (keyId: string, key: string) => {
      const body = JSON.stringify({
        id: randomUUID(),
        type: 'page.visited',
        occurredAt: new Date().toISOString(),
        customer: { email: 'dana.whitfield@example.com' },
        data: { url: 'https://shop.example.com/' },
      });
      return t.app.inject({ method: 'POST', url: '/v1/ingest/events', headers: signedHeaders(keyId, key, body), payload: body });
    };
    const codes = [];
    for (let i = 0; i < INGEST_LIMIT; i++) codes.push((await post('acme-demo', secret)).statusCode);
    expect(codes).toEqual(Array(INGEST_LIMIT).fill(200));
    expectTooMany(await post('acme-demo', secret), 'per ingest key');
    // Another, unknown key id is refused for what it is, counted against the address.
    expect((await post('other-key', secret)).statusCode).toBe(401);
  });

  it('counts unknown key ids per address: a new made-up key id per request gets no new allowance', async () => {
    const post = (keyId: string) => {
      const body = JSON.stringify({
        id: randomUUID(),
        type: 'page.visited',
        occurredAt: new Date().toISOString(),
        customer: { email: 'dana.whitfield@example.com' },
        data: { url: 'https://shop.example.com/' },
      });
      return t.app.inject({
        method: 'POST',
        url: '/v1/ingest/events',
        remoteAddress: '203.0.113.50',
        headers: signedHeaders(keyId, 'made-up', body),
        payload: body,
      });
    };
    const codes = [];
    for (let i = 0; i < 3 * INGEST_LIMIT; i++) {
      const res = await post(`key_${randomBytes(6).toString('hex')}`);
      codes.push(res.statusCode);
      if (i === INGEST_LIMIT) expectTooMany(res, 'from one address');
    }
    expect(codes).toEqual([...Array(INGEST_LIMIT).fill(401), ...Array(2 * INGEST_LIMIT).fill(429)]);
  });
});

describe('the Aircall webhook', () => {
  // Aircall posts every customer's calls from a few addresses: one allowance per address would be shared by every tenant.
  const AIRCALL = '198.51.100.30';
  // Straight to the store: the admin's REST call would spend this address's small allowance, which the tests above used.
  const connect = (tenant: 'acme' | 'globex', webhookToken: string) =>
    t.app.repos.platformConnections.put(
      t.seeded[tenant].tenantId,
      'aircall',
      { settings: { apiId: `${tenant}-api-id` }, secret: { apiToken: `${tenant}-api-token`, webhookToken } },
      t.seeded[tenant].users.admin,
    );
  const post = (tenantId: string, token: string) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/integrations/aircall/${tenantId}/webhook`,
      remoteAddress: AIRCALL,
      payload: { resource: 'user', event: 'user.opened', timestamp: 1, token, data: { id: 1 } },
    });

  it('has an allowance per tenant with Aircall connected, from the same address; unknown tenants count against the address', async () => {
    await connect('acme', 'acme-webhook-token');
    await connect('globex', 'globex-webhook-token');
    const [acme, globex] = [t.seeded.acme.tenantId, t.seeded.globex.tenantId];
    const codes = [];
    for (let i = 0; i < INGEST_LIMIT; i++) codes.push((await post(acme, 'acme-webhook-token')).statusCode);
    expect(codes).toEqual(Array(INGEST_LIMIT).fill(200));
    expectTooMany(await post(acme, 'acme-webhook-token'), "per tenant's Aircall webhook");
    // Another tenant's calls, from the same Aircall address, still get through.
    expect((await post(globex, 'globex-webhook-token')).statusCode).toBe(200);
    // Made-up tenant ids get no allowance of their own: the address pays, and its allowance is the same size.
    const made = [];
    for (let i = 0; i <= INGEST_LIMIT; i++) made.push((await post(`tenant_${randomBytes(6).toString('hex')}`, 'guess')).statusCode);
    expect(made).toEqual([...Array(INGEST_LIMIT).fill(401), 429]);
  });
});

describe('socket events', () => {
  it('answers "Too many requests…" past the per-sign-in allowance, shared by all sockets of the session; another sign-in is unaffected', async () => {
    // Tokens from before: the handshake is not a REST request.
    const { socket: s1 } = await t.socket(lead);
    const { socket: s2 } = await t.socket(lead);
    const board = (s: typeof s1) => s.emitWithAck('exception:pending', {});
    const answers = [];
    for (let i = 0; i < SOCKET_LIMIT - 1; i++) answers.push('data' in (await board(s1)));
    answers.push('data' in (await board(s2)));
    expect(answers).toEqual(Array(SOCKET_LIMIT).fill(true));
    const tooMany = new RegExp(`^Too many requests: at most ${SOCKET_LIMIT} events a minute per sign-in; retry in \\d+ seconds?$`);
    for (const s of [s1, s2]) {
      const refused = await board(s);
      expect('error' in refused && refused.error).toMatch(tooMany);
      // A limit, as over REST, and nothing done: a client that keeps what it sends (the outbox) sends it later.
      expect(refused).toMatchObject({ status: 429, retry: true });
    }
    // Reconnecting gives no fresh allowance either.
    s1.disconnect();
    const { socket: s3 } = await t.socket(lead);
    const refused = await board(s3);
    expect('error' in refused && refused.error).toMatch(tooMany);
    // The same lead signed in again: another session, its own allowance.
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      remoteAddress: '198.51.100.201',
      payload: { email: 'lead@acme.test', password: 'leeway-demo' },
    });
    const { socket: other } = await t.socket(again.json().token);
    expect('data' in (await board(other))).toBe(true);
  });
});

describe('behind a proxy (LEEWAY_TRUST_PROXY=1)', () => {
  const proxy = '192.0.2.10';
  const via = (forwardedFor: string) => get('/health', { from: proxy, headers: { 'x-forwarded-for': forwardedFor } }, proxied.app);

  it('counts the address the proxy saw: a forged leftmost X-Forwarded-For entry changes nothing', async () => {
    const codes = [];
    for (let i = 0; i < LIMIT; i++) codes.push((await via(`6.6.6.${i}, 10.0.0.1`)).statusCode);
    expect(codes).toEqual(Array(LIMIT).fill(200));
    expectTooMany(await via('7.7.7.7, 10.0.0.1'), 'from one address');
    expectTooMany(await via('10.0.0.1'), 'from one address');
    // Another caller behind the same proxy has its own allowance, and the proxy itself is not the one counted.
    expect((await via('10.0.0.2')).statusCode).toBe(200);
  });

  it('makes req.ip the entry the nearest trusted proxy wrote, for a hop count and for a list of proxies', async () => {
    const ipWith = async (setting: string, from: string, forwardedFor: string) => {
      const app = Fastify({
        trustProxy: fastifyTrustProxy(loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_TRUST_PROXY: setting }).trustProxy),
      });
      app.get('/', async (req) => req.ip);
      const ip = (await app.inject({ url: '/', remoteAddress: from, headers: { 'x-forwarded-for': forwardedFor } })).body;
      await app.close();
      return ip;
    };
    expect(await ipWith('1', proxy, '6.6.6.6, 10.0.0.1')).toBe('10.0.0.1');
    expect(await ipWith('2', proxy, '6.6.6.6, 10.0.0.1, 10.0.0.9')).toBe('10.0.0.1');
    expect(await ipWith('192.0.2.0/24, 10.0.0.9', proxy, '6.6.6.6, 10.0.0.1, 10.0.0.9')).toBe('10.0.0.1');
    // Listed proxies only: a caller reaching the server directly cannot pose as another.
    expect(await ipWith('192.0.2.10', '203.0.113.9', '6.6.6.6')).toBe('203.0.113.9');
    expect(await ipWith('0', proxy, '6.6.6.6')).toBe(proxy);
  });

  it('takes a hop count or a list of proxy addresses, never "trust everyone"', () => {
    const trust = (v: string) => loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_TRUST_PROXY: v }).trustProxy;
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.1, 10.1.0.0/16,::1')).toEqual(['10.0.0.1', '10.1.0.0/16', '::1']);
    for (const bad of ['true', 'all', '-1', '10.0.0.300', '10.0.0.0/33', '1, 10.0.0.1', ''])
      expect(() => trust(bad), bad).toThrow(/^Invalid configuration: LEEWAY_TRUST_PROXY: must be 0, the number of proxies/);
  });
});
