/**
 * Protocol edges answered like everything else: unknown socket events get an error in the ack
 * shape, every id the schemas allow reaches its route while longer ones and malformed URLs are
 * refused in the API's error shape and rate limited, a sign-in holds a bounded number of sockets,
 * and socket handshakes count against their address's limit.
 */
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDSHAKE_RETRY } from '@shared/events';
import { tooManySocketsMessage } from '../../server/src/sockets/session-cap';
import { sessionRoom } from '../../server/src/sockets/rooms';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

const sidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
const signIn = async (app: TestApp, email: string, remoteAddress: string) =>
  (await app.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password: 'leeway-demo' }, remoteAddress })).json()
    .token as string;
/** Sends any event name, known or not, and waits for its ack (a bound only so a hang fails with a message). */
const ask = (s: ClientSocket, event: string, ...args: unknown[]) =>
  (s.timeout(10_000).emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(event, ...args);

describe('unknown socket events', () => {
  it('are answered with an error in the ack shape when the client asked for an ack', async () => {
    const { socket, error } = await t.socket(await t.token('agent@acme.test'));
    expect(error).toBeUndefined();
    expect(await ask(socket, 'customer:reveel', { customerId: 'x' })).toEqual({
      error: 'Unknown event "customer:reveel": the server handles no such event; check its name, or update the extension',
    });
    expect(await ask(socket, 'no-payload')).toEqual({ error: expect.stringMatching(/^Unknown event "no-payload"/) });
    // Without an ack there is no one to tell; the connection carries on, and known events still work.
    (socket.emit as (e: string, p: unknown) => void)('fire-and-forget', {});
    expect(await ask(socket, 'client:stats', { outboxDepth: 0 })).toEqual({ data: expect.anything() });
    expect(socket.connected).toBe(true);
  });
});

describe('path parameters', () => {
  const context = (id: string, token?: string) =>
    t.app.inject({ url: `/v1/customers/${id}/context`, ...(token && { headers: { authorization: `Bearer ${token}` } }) });

  it('reach the route for every id length the schemas allow (up to 128 characters)', async () => {
    const token = await t.token('agent@acme.test');
    for (const length of [100, 101, 128]) {
      const res = await context('c'.repeat(length), token);
      expect(res.statusCode, `${length}`).toBe(404); // the route ran: no such customer
      expect(res.json(), `${length}`).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    // Measured decoded, as the schema measures it.
    expect((await context(encodeURIComponent('é'.repeat(128)), token)).statusCode).toBe(404);
  });

  it('longer than any id: a 414 in the API’s error shape', async () => {
    const res = await context('c'.repeat(129));
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({
      statusCode: 414,
      error: 'URI Too Long',
      message: `A part of the path of GET /v1/customers/${'c'.repeat(66)}… is longer than 128 characters, the longest id this API takes: check the id you sent`,
    });
  });

  it('a malformed URL: a 400 in the API’s error shape', async () => {
    const res = await t.app.inject({ url: '/v1/customers/%zz/context' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        'The path of GET /v1/customers/%zz/context is not a valid URL (a "%" not followed by two hex digits?): encode each id in it with encodeURIComponent',
    });
  });
});

describe('limits', () => {
  let limited: TestApp;
  beforeAll(async () => (limited = await startTestApp({ LEEWAY_RATE_LIMIT: '4' })));
  afterAll(() => limited?.close());

  it('count refused URLs like any request from their address', async () => {
    const remoteAddress = '198.51.100.90';
    for (let i = 0; i < 4; i++)
      expect((await limited.app.inject({ url: `/v1/customers/${'c'.repeat(129)}/context`, remoteAddress })).statusCode).toBe(414);
    const res = await limited.app.inject({ url: '/v1/customers/%zz/context', remoteAddress });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^Too many requests: at most 4 a minute from one address; retry in \d+ seconds?$/),
    });
    // The same allowance as the API's: the address's next request is refused too.
    expect((await limited.app.inject({ url: '/health', remoteAddress })).statusCode).toBe(429);
  });

  it('count socket handshakes against their address, with or without a valid token', async () => {
    // Signed in from elsewhere: the handshakes below come from 127.0.0.1.
    const token = await signIn(limited, 'agent@acme.test', '198.51.100.91');
    expect((await limited.socket(token)).error).toBeUndefined();
    for (let i = 0; i < 3; i++) expect((await limited.socket('made-up')).error).toBe('The token is not valid: sign in again');
    const refused = (await limited.socket(token)).error;
    expect(refused).toMatch(/^Too many socket connections: at most 4 a minute from one address; retry in \d+ seconds?; /);
    // The extension tries again by itself after such a refusal.
    expect(refused!.endsWith(HANDSHAKE_RETRY)).toBe(true);
    // The same allowance as the API's, counted apart: the address's REST requests still pass.
    expect((await limited.app.inject({ url: '/health', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  });
});

describe('handshakes behind a proxy (LEEWAY_TRUST_PROXY=1)', () => {
  let proxied: TestApp;
  beforeAll(async () => (proxied = await startTestApp({ LEEWAY_RATE_LIMIT: '2', LEEWAY_TRUST_PROXY: '1' })));
  afterAll(() => proxied?.close());

  /** A handshake through "the proxy" (this process, 127.0.0.1) for the caller it names; how it ended. */
  const via = (forwardedFor: string) =>
    new Promise<string | undefined>((resolve) => {
      const s = connect(proxied.url, {
        auth: { token: 'made-up' },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { 'x-forwarded-for': forwardedFor },
      });
      s.once('connect', () => (s.disconnect(), resolve(undefined)));
      s.once('connect_error', (e) => (s.disconnect(), resolve(e.message)));
    });

  it('count the address the proxy saw, as REST does: a forged leftmost entry changes nothing', async () => {
    expect(await via('6.6.6.1, 10.0.0.1')).toBe('The token is not valid: sign in again');
    expect(await via('6.6.6.2, 10.0.0.1')).toBe('The token is not valid: sign in again');
    expect(await via('7.7.7.7, 10.0.0.1')).toMatch(/^Too many socket connections: at most 2 a minute from one address/);
    expect(await via('10.0.0.2')).toBe('The token is not valid: sign in again');
  });
});

describe('sockets per sign-in', () => {
  const serverCount = async (sessionId: string) => (await t.app.io.in(sessionRoom(sessionId)).fetchSockets()).length;

  it('refuses the 11th socket of one sign-in with a sentence; others sign-ins are not affected; a closed one frees a place', async () => {
    const token = await signIn(t, 'senior@acme.test', '198.51.100.95');
    const open: ClientSocket[] = [];
    for (let i = 0; i < 10; i++) {
      const { socket, error } = await t.socket(token);
      expect(error, `socket ${i + 1}`).toBeUndefined();
      open.push(socket);
    }
    expect((await t.socket(token)).error).toBe(tooManySocketsMessage(10));
    expect(tooManySocketsMessage(10)).toBe(
      'This sign-in already has 10 connections open, the most one sign-in may have: close a Leeway tab or window you no longer use, then reconnect',
    );
    // The same person signed in on another device has their own allowance.
    expect((await t.socket(await signIn(t, 'senior@acme.test', '198.51.100.96'))).error).toBeUndefined();

    open[0]!.disconnect();
    await expect.poll(() => serverCount(sidOf(token))).toBe(9);
    expect((await t.socket(token)).error).toBeUndefined();
    await expect.poll(() => serverCount(sidOf(token))).toBe(10);
  });

  it('holds when handshakes race past the check together: the latest are disconnected', async () => {
    const token = await signIn(t, 'lead@acme.test', '198.51.100.97');
    const results = await Promise.all(Array.from({ length: 15 }, () => t.socket(token)));
    const connected = results.filter((r) => !r.error).map((r) => r.socket);
    const refused = results.filter((r) => r.error);
    for (const r of refused) expect(r.error).toBe(tooManySocketsMessage(10));
    // Those let in past the cap are disconnected by the server once they have joined.
    await expect.poll(() => serverCount(sidOf(token))).toBe(10);
    await expect.poll(() => connected.filter((s) => s.connected).length).toBe(10);
  });
});
