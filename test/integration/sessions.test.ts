/**
 * Sessions: short-lived access tokens renewed by single-use refresh tokens, sign-out that
 * takes effect at once on REST and sockets, and the audit trail of all of it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_SIGNED_OUT_MESSAGE, TOKEN_EXPIRED_MESSAGE, type SignInReply } from '@shared/schemas/auth';
import { loadConfig } from '../../server/src/config';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

const PASSWORD = 'leeway-demo';
let nextAddress = 1;
/** A fresh caller address per call unless one is given, so only the throttle under test counts. */
const freshAddress = () => `10.1.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

async function signIn(app: TestApp, email: string, password = PASSWORD, remoteAddress = freshAddress()) {
  return app.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress });
}
async function session(app: TestApp, email: string): Promise<SignInReply> {
  const res = await signIn(app, email);
  expect(res.statusCode).toBe(200);
  return res.json();
}
const refresh = (app: TestApp, refreshToken: string, remoteAddress = '10.9.9.9') =>
  app.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken }, remoteAddress });
const signOut = (app: TestApp, token: string) =>
  app.app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: { authorization: `Bearer ${token}` } });
/** A guarded REST call every role may make: what "the token works" means below. */
const policy = (app: TestApp, token: string) => app.app.inject({ url: '/v1/policy', headers: { authorization: `Bearer ${token}` } });
const disconnected = (s: ClientSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
const sidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

async function auditOf(app: TestApp, tenantId: string, action: string) {
  return (await app.app.repos.audit.list(tenantId, 10_000)).filter((a) => a.action === action);
}
/** A change made behind the app's back, on whichever engine it runs on. */
async function sql(app: TestApp, statement: string, ...params: unknown[]) {
  await (await app.raw()).run(statement, ...params);
}

describe('configuration', () => {
  it('reads lifetimes as durations and names a bad one', () => {
    expect(loadConfig({ LEEWAY_DB_FILE: ':memory:' })).toMatchObject({ tokenTtlMs: 15 * 60_000, sessionTtlMs: 12 * 3_600_000 });
    expect(loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_TOKEN_TTL: '90s', LEEWAY_SESSION_TTL: '8h' })).toMatchObject({
      tokenTtlMs: 90_000,
      sessionTtlMs: 8 * 3_600_000,
    });
    expect(() => loadConfig({ LEEWAY_DB_FILE: ':memory:', LEEWAY_TOKEN_TTL: 'soon' })).toThrow(
      'LEEWAY_TOKEN_TTL: must be a duration like 30s, 15m, 12h or 7d',
    );
  });
});

describe('sign-in', () => {
  it('returns a short-lived access token tied to a new session, and a refresh token that lasts the shift', async () => {
    const before = Date.now();
    const s = await session(t, 'agent@acme.test');
    expect(s.user).toMatchObject({ email: 'agent@acme.test', role: 'agent' });
    const accessLeft = Date.parse(s.expiresAt) - before;
    expect(accessLeft).toBeGreaterThan(14 * 60_000);
    expect(accessLeft).toBeLessThanOrEqual(15 * 60_000 + 1000);
    const sessionLeft = Date.parse(s.refreshExpiresAt) - before;
    expect(sessionLeft).toBeGreaterThan(11.9 * 3_600_000);
    expect(sessionLeft).toBeLessThanOrEqual(12 * 3_600_000 + 1000);
    const row = await t.app.repos.sessions.byId(sidOf(s.token));
    expect(row).toMatchObject({ userId: s.user.id, tenantId: s.user.tenantId, revokedAt: null });
    // Only the refresh token's hash is stored.
    expect(row!.refreshHash).toBe(createHash('sha256').update(s.refreshToken).digest('hex'));
    expect((await policy(t, s.token)).statusCode).toBe(200);
  });
});

describe('POST /v1/auth/refresh', () => {
  it('rotates: a new access token for the same session and a new refresh token', async () => {
    const s = await session(t, 'agent@acme.test');
    const res = await refresh(t, s.refreshToken);
    expect(res.statusCode).toBe(200);
    const next: SignInReply = res.json();
    expect(next.refreshToken).not.toBe(s.refreshToken);
    expect(sidOf(next.token)).toBe(sidOf(s.token));
    expect(next.refreshExpiresAt).toBe(s.refreshExpiresAt); // a refresh never lengthens the shift
    expect(next.user).toEqual(s.user);
    expect((await policy(t, next.token)).statusCode).toBe(200);
    // And again with the new one: rotation is not a one-off.
    expect((await refresh(t, next.refreshToken)).statusCode).toBe(200);
  });

  it('ends the whole session when an already-used refresh token comes back (theft detection)', async () => {
    const s = await session(t, 'senior@acme.test');
    const { socket } = await t.socket(s.token);
    const gone = disconnected(socket);
    const rotated: SignInReply = (await refresh(t, s.refreshToken)).json();

    const reuse = await refresh(t, s.refreshToken, '203.0.113.7');
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().message).toBe(
      'This refresh token was already used, so the session was ended to protect the account: sign in again',
    );
    // Both holders are out: the legitimate new refresh token, the access tokens, the live socket.
    expect((await refresh(t, rotated.refreshToken)).json().message).toBe(SESSION_SIGNED_OUT_MESSAGE);
    const rest = await policy(t, rotated.token);
    expect(rest.statusCode).toBe(401);
    expect(rest.json().message).toBe(SESSION_SIGNED_OUT_MESSAGE);
    expect(await gone).toBe('io server disconnect');
    const entry = (await auditOf(t, s.user.tenantId, 'auth.refresh-reuse')).find((a) => a.target === `session:${sidOf(s.token)}`);
    expect(entry).toMatchObject({ actorId: s.user.id, detail: { address: '203.0.113.7' } });
  });

  it('refuses what is not a refresh token, and says what was wrong with a malformed body', async () => {
    const fake = await refresh(t, 'not-a-session.abcdef');
    expect(fake.statusCode).toBe(401);
    expect(fake.json().message).toBe('The refresh token is not valid: sign in again');
    const empty = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('body.refreshToken: is required');
  });

  it('refuses a forged refresh token naming a real session, and leaves that session alone', async () => {
    // A session id is no secret (it is in the access token and the audit log): knowing one must not sign anyone out.
    const s = await session(t, 'agent@acme.test');
    const sid = sidOf(s.token);
    const [, nonce, mac] = s.refreshToken.split('.');
    const forgeries = [
      `${sid}.garbage`,
      `${sid}.${nonce}.${'A'.repeat(mac!.length)}`, // the real nonce, a made-up MAC
      `${sid}.${'B'.repeat(nonce!.length)}.${mac}`, // the real MAC over another nonce
      `${sid}.${nonce}.${mac}=`, // the same MAC bytes, spelled differently
    ];
    for (const forged of forgeries) {
      const res = await refresh(t, forged);
      expect(res.statusCode, forged).toBe(401);
      expect(res.json().message, forged).toBe('The refresh token is not valid: sign in again');
    }
    expect((await t.app.repos.sessions.byId(sid))?.revokedAt).toBeNull();
    expect((await policy(t, s.token)).statusCode).toBe(200);
    expect((await refresh(t, s.refreshToken)).statusCode).toBe(200);
    expect((await auditOf(t, s.user.tenantId, 'auth.refresh-reuse')).filter((a) => a.target === `session:${sid}`)).toEqual([]);
  });

  it('refuses a refresh once the session has ended, with that reason', async () => {
    const s = await session(t, 'agent@acme.test');
    await sql(t, 'update sessions set expires_at = ? where id = ?', Date.now() - 1, sidOf(s.token));
    const res = await refresh(t, s.refreshToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('Your session has ended: sign in again');
    expect((await policy(t, s.token)).json().message).toBe('Your session has ended: sign in again');
  });

  it('disconnects a live socket when its session ends by time, and only that one', async () => {
    const s = await session(t, 'agent@acme.test');
    const other = await session(t, 'agent@acme.test');
    await sql(t, 'update sessions set expires_at = ? where id = ?', Date.now() + 1_500, sidOf(s.token));
    const { socket } = await t.socket(s.token);
    const { socket: otherSocket } = await t.socket(other.token);
    const gone = disconnected(socket);
    expect(socket.connected).toBe(true);
    expect(await gone).toBe('io server disconnect');
    expect(otherSocket.connected).toBe(true);
  });

  it('refuses a refresh for a deactivated user, and a deleted one', async () => {
    const tenantId = t.seeded.acme.tenantId;
    const leaver = await t.app.repos.users.create({
      tenantId,
      email: 'leaver@acme.test',
      name: 'Lee Leaver',
      role: 'agent',
      password: PASSWORD,
    });
    const s = await session(t, 'leaver@acme.test');
    await sql(t, 'update users set deactivated_at = ? where id = ?', Date.now(), leaver);
    const res = await refresh(t, s.refreshToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('Your account was deactivated: ask an admin');
    expect((await policy(t, s.token)).statusCode).toBe(401);
    expect((await signIn(t, 'leaver@acme.test')).statusCode).toBe(401);

    const gone = await t.app.repos.users.create({ tenantId, email: 'gone@acme.test', name: 'Gil Gone', role: 'agent', password: PASSWORD });
    const g = await session(t, 'gone@acme.test');
    await sql(t, 'delete from users where id = ?', gone);
    expect((await refresh(t, g.refreshToken)).statusCode).toBe(401);
    expect((await policy(t, g.token)).statusCode).toBe(401);
  });
});

describe('POST /v1/auth/sign-out', () => {
  it('ends the session at once: REST refuses its token, its live socket is disconnected, a reconnect is refused', async () => {
    const s = await session(t, 'lead@acme.test');
    const other = await session(t, 'lead@acme.test'); // the same person on another device
    const { socket, error } = await t.socket(s.token);
    expect(error).toBeUndefined();
    const { socket: otherSocket } = await t.socket(other.token);
    const gone = disconnected(socket);

    const res = await signOut(t, s.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ signedOut: true });

    expect(await gone).toBe('io server disconnect');
    const rest = await policy(t, s.token);
    expect(rest.statusCode).toBe(401);
    expect(rest.json().message).toBe(SESSION_SIGNED_OUT_MESSAGE);
    expect((await t.socket(s.token)).error).toBe(SESSION_SIGNED_OUT_MESSAGE);
    expect((await refresh(t, s.refreshToken)).json().message).toBe(SESSION_SIGNED_OUT_MESSAGE);
    // Only that session: the other device carries on.
    expect((await policy(t, other.token)).statusCode).toBe(200);
    expect(otherSocket.connected).toBe(true);
    expect((await t.socket(other.token)).error).toBeUndefined();
  });

  it('is open to every role', async () => {
    for (const email of ['agent@acme.test', 'lead@acme.test', 'auditor@acme.test', 'admin@acme.test']) {
      const s = await session(t, email);
      expect((await signOut(t, s.token)).statusCode, email).toBe(200);
    }
  });

  it('needs a token', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/v1/auth/sign-out' })).statusCode).toBe(401);
  });
});

describe('access token expiry', () => {
  let short: TestApp;
  beforeAll(async () => (short = await startTestApp({ LEEWAY_TOKEN_TTL: '2s' })));
  afterAll(() => short?.close());

  it('answers an expired token with the expiry message on REST and the socket handshake; a refresh carries on', async () => {
    const s = await session(short, 'agent@acme.test');
    expect(Date.parse(s.expiresAt) - Date.now()).toBeLessThanOrEqual(2000);
    // Waits for the clock, not a guess of how long: the token is valid until it is not.
    await expect
      .poll(async () => (await policy(short, s.token)).json().message, { timeout: 10_000, interval: 250 })
      .toBe(TOKEN_EXPIRED_MESSAGE);
    expect((await policy(short, s.token)).statusCode).toBe(401);
    expect((await short.socket(s.token)).error).toBe(TOKEN_EXPIRED_MESSAGE);

    const res = await refresh(short, s.refreshToken);
    expect(res.statusCode).toBe(200);
    const next: SignInReply = res.json();
    expect((await policy(short, next.token)).statusCode).toBe(200);
    expect((await short.socket(next.token)).error).toBeUndefined();
  });

  it('keeps an open socket connected past its token’s expiry: the session, not the token, governs a live connection', async () => {
    const s = await session(short, 'senior@acme.test');
    const { socket } = await short.socket(s.token);
    await expect.poll(async () => (await policy(short, s.token)).statusCode, { timeout: 10_000, interval: 250 }).toBe(401);
    const res = await socket.emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: '101',
      requester: { email: 'dana.whitfield@example.com' },
    });
    expect('data' in res).toBe(true);
  });
});

// Sign-in throttling: sign-in-throttle.test.ts.

describe('audit', () => {
  it('records sign-in and sign-out with the address, never a password or token', async () => {
    const res = await signIn(t, 'admin@acme.test', PASSWORD, '203.0.113.20');
    const s: SignInReply = res.json();
    await signOut(t, s.token);
    const target = `session:${sidOf(s.token)}`;
    const entries = (await t.app.repos.audit.forTarget(s.user.tenantId, target)).map((a) => ({
      action: a.action,
      actorId: a.actorId,
      detail: a.detail,
    }));
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: 'auth.sign-in', actorId: s.user.id, detail: { address: '203.0.113.20' } },
        { action: 'auth.sign-out', actorId: s.user.id, detail: { address: expect.any(String) } },
      ]),
    );
    const everything = JSON.stringify(await t.app.repos.audit.list(s.user.tenantId, 10_000));
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(s.token);
    expect(everything).not.toContain(s.refreshToken);
  });
});
