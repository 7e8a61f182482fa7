/**
 * User administration: admins invite (a one-time token, stored only as its hash), deactivate,
 * reactivate and change role, level, team or approval level. Each change is audit-logged and
 * takes effect at once on the user's tokens and sockets; the tenant always keeps an admin;
 * another tenant's ids are answered as unknown.
 */
import { hash } from '@node-rs/argon2';
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../shared/events';
import type { InviteReply, UserView } from '../../shared/schemas/users';
import { ACCEPT_LIMIT } from '../../server/src/routes/v1/users/accept-invite';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

let nextAddress = 1;
/** A fresh caller address per call, so only the limit under test counts. */
const freshAddress = () => `10.7.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;
const tokens = new Map<string, string>();
const tokenOf = async (email: string) => tokens.get(email) ?? tokens.set(email, await t.token(email)).get(email)!;

async function call(as: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${await tokenOf(as)}` },
    remoteAddress: freshAddress(),
    ...(payload ? { payload } : {}),
  });
}
const accept = (token: string, password: string, remoteAddress = freshAddress()) =>
  t.app.inject({ method: 'POST', url: '/v1/users/invitations/accept', payload: { token, password }, remoteAddress });
const signIn = (email: string, password = 'leeway-demo') =>
  t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress: freshAddress() });
const disconnected = (s: ClientSocket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
const emit = (s: ClientSocket, event: string, payload: unknown) =>
  (s.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<Response<unknown>>)(event, payload);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const acme = () => t.seeded.acme;
const globex = () => t.seeded.globex;
const auditOf = async (tenantId: string, action: string, target: string) =>
  (await t.app.repos.audit.forTarget(tenantId, target)).filter((a) => a.action === action);
const grant = () => ({
  customerId: acme().customers['dana.whitfield@example.com'],
  action: 'account_credit',
  amountCents: 500,
  idempotencyKey: randomUUID(),
});

describe('listing', () => {
  it("shows an admin the tenant's people with role, level, team and status, and none of another tenant's", async () => {
    const res = await call('admin@acme.test', 'GET', '/v1/users');
    expect(res.statusCode).toBe(200);
    const users: UserView[] = res.json().users;
    expect(users.find((u) => u.email === 'lead@acme.test')).toMatchObject({
      role: 'supervisor',
      agentLevel: 1,
      team: 'billing',
      approvalLevel: 'team_lead',
      status: 'active',
      deactivatedAt: null,
    });
    expect(users.every((u) => u.email.endsWith('@acme.test'))).toBe(true);
    expect(JSON.stringify(users)).not.toMatch(/password|hash/i);
  });
});

describe('invitations', () => {
  it('creates the user with a one-time token told once and stored only as its SHA-256; the invitee sets a password with it and signs in', async () => {
    const res = await call('admin@acme.test', 'POST', '/v1/users/invitations', {
      email: 'Nina.New@acme.test',
      name: 'Nina New',
      role: 'agent',
      agentLevel: 2,
      team: 'returns',
    });
    expect(res.statusCode).toBe(201);
    const { user, invite }: InviteReply = res.json();
    expect(user).toMatchObject({ email: 'nina.new@acme.test', role: 'agent', agentLevel: 2, team: 'returns', status: 'invited' });
    expect(Date.parse(invite.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const row = await (await t.raw()).one<Record<string, unknown>>('select * from users where id = ?', user.id);
    expect(row!.invite_hash).toBe(sha256(invite.token));
    expect(JSON.stringify(row)).not.toContain(invite.token);
    // The list never tells the token again.
    expect((await call('admin@acme.test', 'GET', '/v1/users')).body).not.toContain(invite.token);
    expect(await auditOf(acme().tenantId, 'user.invite', `user:${user.id}`)).toMatchObject([
      { actorId: acme().users.admin, detail: { role: 'agent', agentLevel: 2, team: 'returns' } },
    ]);

    const short = await accept(invite.token, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toBe('body.password: must be at least 12 characters');
    const ok = await accept(invite.token, 'a long new password');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ email: 'nina.new@acme.test', accepted: true });
    expect((await signIn('nina.new@acme.test', 'a long new password')).statusCode).toBe(200);
    expect(await auditOf(acme().tenantId, 'user.invite-accept', `user:${user.id}`)).toMatchObject([{ actorId: user.id }]);

    // Once only.
    const again = await accept(invite.token, 'another long password');
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toMatch(/^This invitation is not valid: it was used already/);
    expect((await signIn('nina.new@acme.test', 'another long password')).statusCode).toBe(401);
  });

  it('refuses an expired token, and a new one replaces it', async () => {
    const { user, invite }: InviteReply = (
      await call('admin@acme.test', 'POST', '/v1/users/invitations', { email: 'late@acme.test', name: 'Lou Late', role: 'auditor' })
    ).json();
    await (await t.raw()).run('update users set invite_expires_at = ? where id = ?', Date.now() - 1, user.id);
    const expired = await accept(invite.token, 'a long new password');
    expect(expired.statusCode).toBe(400);
    expect(expired.json().message).toBe('This invitation has expired: ask your admin to send you a new one');

    const again = await call('admin@acme.test', 'POST', `/v1/users/${user.id}/invitation`);
    expect(again.statusCode).toBe(200);
    const next: InviteReply = again.json();
    expect(next.invite.token).not.toBe(invite.token);
    expect((await accept(invite.token, 'a long new password')).statusCode).toBe(400);
    expect((await accept(next.invite.token, 'a long new password')).statusCode).toBe(200);
    // Accepted: nothing left to send again.
    const none = await call('admin@acme.test', 'POST', `/v1/users/${user.id}/invitation`);
    expect(none.statusCode).toBe(409);
  });

  it('nobody signs in as an invitee before they accept', async () => {
    const { user }: InviteReply = (
      await call('admin@acme.test', 'POST', '/v1/users/invitations', { email: 'pending@acme.test', name: 'Pat Pending', role: 'agent' })
    ).json();
    // Even with a password somebody knows, the account refuses sign-in while the invitation is open.
    await (await t.raw()).run('update users set password_hash = ? where id = ?', await hash('a known password'), user.id);
    expect((await signIn('pending@acme.test', 'a known password')).statusCode).toBe(401);
  });

  it('says why an invitation is refused: taken email, approval level on a non-supervisor, a level the policy lacks', async () => {
    const taken = await call('admin@acme.test', 'POST', '/v1/users/invitations', {
      email: 'agent@globex.test',
      name: 'Someone',
      role: 'agent',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toMatch(/^agent@globex\.test already has a Leeway account/);
    const level = await call('admin@acme.test', 'POST', '/v1/users/invitations', {
      email: 'x1@acme.test',
      name: 'X',
      role: 'agent',
      approvalLevel: 'manager',
    });
    expect(level.statusCode).toBe(400);
    expect(level.json().message).toBe('approvalLevel: only supervisors decide at an approval level; leave it null for this role');
    const unknown = await call('admin@acme.test', 'POST', '/v1/users/invitations', {
      email: 'x2@acme.test',
      name: 'X',
      role: 'supervisor',
      approvalLevel: 'emperor',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/^approvalLevel: the policy in force has no level emperor; use one of team_lead, /);
    const bad = await call('admin@acme.test', 'POST', '/v1/users/invitations', {
      email: 'x3@acme.test',
      name: 'X',
      role: 'agent',
      agentLevel: 11,
      team: 'Billing Team',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('body.agentLevel: must be a whole number from 1 to 10');
    expect(bad.json().message).toContain('body.team: must be * (every team)');
  });

  it(`limits acceptance attempts per address (${ACCEPT_LIMIT.max} per window), with a sentence and retry-after`, async () => {
    const address = '203.0.113.77';
    for (let i = 0; i < ACCEPT_LIMIT.max; i++) expect((await accept(`guess-${i}`, 'a long new password', address)).statusCode).toBe(400);
    const limited = await accept('guess-more', 'a long new password', address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/^Too many invitation attempts from your network address: try again in \d+ minutes?$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back.
    expect((await accept('guess-elsewhere', 'a long new password', '203.0.113.78')).statusCode).toBe(400);
  });
});

describe('deactivation', () => {
  it("ends the user's sessions and sockets at once, refuses them everywhere, and is audited; reactivation lets them sign in again", async () => {
    const email = 'senior@acme.test';
    const session = (await signIn(email)).json();
    const { socket } = await t.socket(session.token);
    const gone = disconnected(socket);

    const res = await call('admin@acme.test', 'POST', `/v1/users/${acme().users.senior}/deactivate`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'deactivated', deactivatedAt: expect.any(String) });
    expect(await gone).toBe('io server disconnect');

    const rest = await t.app.inject({
      method: 'POST',
      url: '/v1/grants',
      headers: { authorization: `Bearer ${session.token}` },
      payload: grant(),
    });
    expect(rest.statusCode).toBe(401);
    expect(rest.json().message).toBe('Your account was deactivated: ask an admin');
    expect((await t.socket(session.token)).error).toBe('Your account was deactivated: ask an admin');
    const refresh = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
    expect(refresh.statusCode).toBe(401);
    expect((await signIn(email)).statusCode).toBe(401);
    const [entry] = await auditOf(acme().tenantId, 'user.deactivate', `user:${acme().users.senior}`);
    expect(entry).toMatchObject({ actorId: acme().users.admin, detail: { sessionsEnded: expect.any(Number) } });
    expect((entry!.detail as { sessionsEnded: number }).sessionsEnded).toBeGreaterThanOrEqual(1);
    const live = await (await t.raw()).one<{ n: number }>(
      'select count(*) as n from sessions where user_id = ? and revoked_at is null',
      acme().users.senior,
    );
    expect(Number(live!.n)).toBe(0);

    const back = await call('admin@acme.test', 'POST', `/v1/users/${acme().users.senior}/reactivate`);
    expect(back.json()).toMatchObject({ status: 'active', deactivatedAt: null });
    expect(await auditOf(acme().tenantId, 'user.reactivate', `user:${acme().users.senior}`)).toHaveLength(1);
    // Old sessions stay ended; a new sign-in works.
    expect(
      (await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode,
    ).toBe(401);
    expect((await signIn(email)).statusCode).toBe(200);
  });

  it('a deactivated invitee cannot accept until reactivated', async () => {
    const { user, invite }: InviteReply = (
      await call('admin@acme.test', 'POST', '/v1/users/invitations', { email: 'paused@acme.test', name: 'Pia Paused', role: 'agent' })
    ).json();
    await call('admin@acme.test', 'POST', `/v1/users/${user.id}/deactivate`);
    expect((await accept(invite.token, 'a long new password')).statusCode).toBe(400);
    expect((await call('admin@acme.test', 'POST', `/v1/users/${user.id}/reactivate`)).json()).toMatchObject({ status: 'invited' });
    expect((await accept(invite.token, 'a long new password')).statusCode).toBe(200);
  });
});

describe('changing role, level, team, approval level', () => {
  it('an open socket and an unexpired token of that user act with the new role at once', async () => {
    const email = 'agent@acme.test';
    const token = (await signIn(email)).json().token as string;
    const { socket } = await t.socket(token);
    const gone = disconnected(socket);
    const context = () =>
      t.app.inject({
        url: `/v1/customers/${acme().customers['dana.whitfield@example.com']}/context`,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await context()).statusCode).toBe(200);

    const res = await call('admin@acme.test', 'PATCH', `/v1/users/${acme().users.agent}`, { role: 'auditor' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'auditor', status: 'active' });
    expect(await gone).toBe('io server disconnect');

    // The same token, still unexpired: its role claim says agent, the database says auditor.
    const after = await context();
    expect(after.statusCode).toBe(403);
    expect(after.json().message).toBe('Your role (auditor) may not context read');
    const { socket: again, error } = await t.socket(token);
    expect(error).toBeUndefined();
    expect(await emit(again, 'grant:record', grant())).toEqual({ error: 'Your role (auditor) may not grant record' });
    expect(await auditOf(acme().tenantId, 'user.access-change', `user:${acme().users.agent}`)).toMatchObject([
      { actorId: acme().users.admin, detail: { role: { from: 'agent', to: 'auditor' } } },
    ]);

    await call('admin@acme.test', 'PATCH', `/v1/users/${acme().users.agent}`, { role: 'agent' });
    expect((await context()).statusCode).toBe(200);
  });

  it("a team or approval level change disconnects the user's sockets, so they rejoin the rooms of their new team and level", async () => {
    const { socket } = await t.socket(await t.token('lead2@acme.test'));
    const gone = disconnected(socket);
    const res = await call('admin@acme.test', 'PATCH', `/v1/users/${acme().users.lead2}`, { team: 'returns', approvalLevel: 'manager' });
    expect(res.json()).toMatchObject({ team: 'returns', approvalLevel: 'manager', role: 'supervisor' });
    expect(await gone).toBe('io server disconnect');
    expect(await auditOf(acme().tenantId, 'user.access-change', `user:${acme().users.lead2}`)).toMatchObject([
      { detail: { team: { from: 'billing', to: 'returns' }, approvalLevel: { from: 'team_lead', to: 'manager' } } },
    ]);
  });

  it('leaving the supervisors drops the approval level; nothing to change is no change', async () => {
    const res = await call('admin@acme.test', 'PATCH', `/v1/users/${acme().users.otherLead}`, { role: 'agent', agentLevel: 3 });
    expect(res.json()).toMatchObject({ role: 'agent', agentLevel: 3, approvalLevel: null });
    const same = await call('admin@acme.test', 'PATCH', `/v1/users/${acme().users.otherLead}`, { role: 'agent' });
    expect(same.statusCode).toBe(200);
    expect(await auditOf(acme().tenantId, 'user.access-change', `user:${acme().users.otherLead}`)).toHaveLength(1);
    const empty = await call('admin@acme.test', 'PATCH', `/v1/users/${acme().users.otherLead}`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('body: name at least one of role, agentLevel, team or approvalLevel to change');
  });
});

describe("another tenant's users", () => {
  it('are unknown to an admin: 404 on every change, and nothing changes', async () => {
    const id = acme().users.director;
    const before = await t.app.repos.users.byId(id);
    for (const [method, url, body] of [
      ['POST', `/v1/users/${id}/deactivate`],
      ['POST', `/v1/users/${id}/reactivate`],
      ['POST', `/v1/users/${id}/invitation`],
      ['PATCH', `/v1/users/${id}`, { role: 'admin' }],
    ] as const) {
      const res = await call('admin@globex.test', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().message).toBe('No such user in your tenant');
    }
    expect(await t.app.repos.users.byId(id)).toEqual(before);
  });
});

describe('the last admin', () => {
  it('cannot deactivate or demote themselves out of the last admin; with another admin they can, and two demoting each other leave one', async () => {
    const self = globex().users.admin;
    const demote = await call('admin@globex.test', 'PATCH', `/v1/users/${self}`, { role: 'auditor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().message).toBe('You are the last admin of this tenant: make someone else an admin before you demote yourself');
    const leave = await call('admin@globex.test', 'POST', `/v1/users/${self}/deactivate`);
    expect(leave.statusCode).toBe(409);
    expect(leave.json().message).toBe('You are the last admin of this tenant: make someone else an admin before you deactivate yourself');
    expect(await t.app.repos.users.byId(self)).toMatchObject({ role: 'admin', deactivatedAt: null });
    expect(await auditOf(globex().tenantId, 'user.access-change', `user:${self}`)).toEqual([]);

    // An invited admin who has not accepted cannot act yet: they do not count.
    const { user: invited }: InviteReply = (
      await call('admin@globex.test', 'POST', '/v1/users/invitations', { email: 'new-admin@globex.test', name: 'Nia Admin', role: 'admin' })
    ).json();
    expect((await call('admin@globex.test', 'PATCH', `/v1/users/${self}`, { role: 'auditor' })).statusCode).toBe(409);
    await call('admin@globex.test', 'POST', `/v1/users/${invited.id}/deactivate`);

    const other = globex().users.auditor;
    await tokenOf('auditor@globex.test'); // signed in as an auditor: the promotion applies to this token too
    expect((await call('admin@globex.test', 'PATCH', `/v1/users/${other}`, { role: 'admin' })).statusCode).toBe(200);
    const [a, b] = await Promise.all([
      call('admin@globex.test', 'PATCH', `/v1/users/${other}`, { role: 'auditor' }),
      call('auditor@globex.test', 'PATCH', `/v1/users/${self}`, { role: 'auditor' }),
    ]);
    // One wins; the other is refused as the last admin, or (arriving after) no longer an admin at all.
    expect([a.statusCode, b.statusCode].filter((s) => s === 200)).toHaveLength(1);
    expect([a.statusCode, b.statusCode].filter((s) => s === 409 || s === 403)).toHaveLength(1);
    expect(await t.app.repos.users.activeAdmins(globex().tenantId)).toBe(1);
  });
});
