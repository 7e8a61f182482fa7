/**
 * User administration: admins deactivate, reactivate and change role, level, team or approval
 * level. Each change is audit-logged and takes effect at once on the user's tokens and sockets;
 * the tenant always keeps an admin; another tenant's ids are answered as unknown.
 */
import type { InviteReply } from '@shared/schemas/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { disconnected, emit, userAdminHelpers } from '../support/user-admin';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

const { tokenOf, call, accept, signIn, acme, globex, auditOf, grant } = userAdminHelpers(() => t);

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
