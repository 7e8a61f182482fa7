/**
 * User administration: admins list the tenant's people and invite them (a one-time token, stored
 * only as its hash, accepted within a per-address limit). Changes to users:
 * user-admin.changes.test.ts.
 */
import { hash } from '@node-rs/argon2';
import type { InviteReply, UserView } from '@shared/schemas/users';
import { ACCEPT_LIMIT } from '../../server/src/routes/v1/users/accept-invite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { sha256, userAdminHelpers } from '../support/user-admin';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

const { call, accept, signIn, acme, auditOf } = userAdminHelpers(() => t);

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
