/**
 * The server's log, captured at its most verbose while people use it: sign-in (right and
 * wrong), a context fetch, an ingested event about a customer, a grant, socket traffic with
 * message text, refused and unknown requests. It says which route answered what, for whom
 * by id — and carries no email, name, password, token, signature or message text.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedHeaders } from '@shared/webhook-signature';
import { startTestApp, type TestApp } from '../support/app';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LEEWAY_LOG_LEVEL: 'trace' }, { logStream: { write: (line) => void lines.push(line) } });
});
afterAll(() => t?.close());

it('logs each request by route pattern and ids, and no personal data or secret', async () => {
  const secrets: string[] = ['leeway-demo', 'agent@acme.test', 'senior@acme.test', 'Alex Agent', 'Sasha Senior', 'wrong-password-123'];
  const dana = t.seeded.acme.customers['dana.whitfield@example.com']!;
  secrets.push('dana.whitfield@example.com', 'Dana Whitfield', 'priya@example.com', 'Priya Natarajan');

  // Sign-in, right and wrong.
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { email: 'agent@acme.test', password: 'leeway-demo' },
  });
  expect(signIn.statusCode).toBe(200);
  const { token, refreshToken } = signIn.json() as { token: string; refreshToken?: string };
  secrets.push(token, ...(refreshToken ? [refreshToken] : []));
  const wrong = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    payload: { email: 'senior@acme.test', password: 'wrong-password-123' },
  });
  expect(wrong.statusCode).toBe(401);
  const auth = { authorization: `Bearer ${token}` };

  // A context fetch whose query carries a value.
  const ticket = 'ticket-ref-8675309';
  secrets.push(ticket);
  expect((await t.app.inject({ url: `/v1/customers/${dana}/context?ticket=${ticket}`, headers: auth })).statusCode).toBe(200);

  // An ingested event about a customer, by email, signed.
  const key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
  const body = JSON.stringify({
    id: randomUUID(),
    type: 'payment.failed',
    occurredAt: new Date().toISOString(),
    customer: { email: 'dana.whitfield@example.com' },
    data: { amountCents: 4900, currency: 'USD', reason: 'card declined' },
  });
  const headers = signedHeaders(key.id, key.secret, body);
  secrets.push(key.secret, headers['x-leeway-signature']!);
  expect((await t.app.inject({ method: 'POST', url: '/v1/ingest/events', headers, payload: body })).statusCode).toBe(200);

  // A grant, and one refused for a bad body naming a customer.
  const grant = await t.app.inject({
    method: 'POST',
    url: '/v1/grants',
    headers: auth,
    payload: { customerId: dana, action: 'account_credit', amountCents: 500, reasonCode: 'goodwill', idempotencyKey: randomUUID() },
  });
  expect(grant.statusCode).toBeLessThan(300);
  const bad = await t.app.inject({
    method: 'POST',
    url: '/v1/grants',
    headers: auth,
    payload: { customerId: dana, email: 'priya@example.com', amountCents: -1 },
  });
  expect(bad.statusCode).toBe(400);

  // Refused and unknown, with personal data in the URL.
  expect((await t.app.inject({ url: `/v1/customers/${dana}/context?ticket=${ticket}` })).statusCode).toBe(401);
  expect((await t.app.inject({ url: '/v1/lookup/priya@example.com?name=Priya%20Natarajan' })).statusCode).toBe(404);

  // Socket traffic: a requester by email and name, the conversation's text.
  const text = 'my card ending 4242 was charged twice';
  secrets.push(text, '4242');
  const { socket } = await t.socket(token);
  const opened = await socket.emitWithAck('interaction:open', {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: '101',
    requester: { email: 'dana.whitfield@example.com', name: 'Dana Whitfield' },
  });
  if (!('data' in opened)) throw new Error(opened.error);
  expect(
    'data' in (await socket.emitWithAck('interaction:messages', { interactionId: opened.data.interactionId, messages: [{ text }] })),
  ).toBe(true);
  socket.disconnect();

  await new Promise((r) => setImmediate(r));
  const log = lines.join('');
  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = entries.filter((e) => e.msg === 'request');

  // What it should say: each request by pattern, status and ids.
  const agentId = t.seeded.acme.users.agent;
  expect(requests.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual(
    expect.arrayContaining([
      'POST /v1/auth/sign-in 200',
      'POST /v1/auth/sign-in 401',
      'GET /v1/customers/:customerId/context 200',
      'POST /v1/ingest/events 200',
      `POST /v1/grants ${grant.statusCode}`,
      'POST /v1/grants 400',
      'GET /v1/customers/:customerId/context 401',
      'GET unmatched 404',
    ]),
  );
  const context = requests.find((e) => e.route === '/v1/customers/:customerId/context' && e.status === 200)!;
  expect(context).toMatchObject({ tenantId: t.seeded.acme.tenantId, userId: agentId, reqId: expect.anything(), ms: expect.any(Number) });
  expect(requests.find((e) => e.route === '/v1/ingest/events')).toMatchObject({ tenantId: t.seeded.acme.tenantId });

  // What it must not.
  const leaked = secrets.filter((s) => log.includes(s));
  expect(leaked).toEqual([]);
  expect(log).not.toMatch(/"(url|headers|body|query|remoteAddress)"\s*:/);
});

it('redacts secrets by name wherever a log call puts them', () => {
  const before = lines.length;
  t.app.log.warn(
    {
      password: 'pw-1',
      token: 'tok-1',
      refreshToken: 'rt-1',
      user: { password: 'pw-2', token: 'tok-2' },
      upstream: { headers: { authorization: 'Bearer tok-3', cookie: 'sid=c-1', 'x-leeway-signature': 'v1=sig-1' } },
    },
    'careless',
  );
  const line = lines.slice(before).join('');
  expect(line).toContain('careless');
  for (const s of ['pw-1', 'tok-1', 'rt-1', 'pw-2', 'tok-2', 'tok-3', 'c-1', 'sig-1']) expect(line).not.toContain(s);
  expect(line.match(/\[redacted\]/g)).toHaveLength(8);
});
