/**
 * User administration. Each change and its audit entry are one transaction, under the tenant's
 * users lock (so two admins demoting each other cannot both win and leave no admin). Once it is
 * stored, the user's sockets are disconnected on every process: deactivated, they are refused
 * on reconnect; with a new role, level or team they reconnect with it (the handshake and every
 * REST call read the role from the database, not from the token).
 */
import { hash } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import type { AccessChangeBody, InviteReply, UserView } from '@shared/schemas/users';
import { UserError, notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import type { Access, UserRow } from '../repositories/users';
import { sessionRoom, userRoom } from '../sockets/rooms';

/** How long an invitation holds before the admin must send a new one. */
export const INVITE_TTL_MS = 7 * 86_400_000;
const usersLock = (tenantId: string) => `users:${tenantId}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    agentLevel: u.agentLevel,
    team: u.team,
    approvalLevel: u.approvalLevel,
    status: u.deactivatedAt !== null ? 'deactivated' : u.inviteHash !== null ? 'invited' : 'active',
    inviteExpiresAt: iso(u.inviteHash !== null ? u.inviteExpiresAt : null),
    deactivatedAt: iso(u.deactivatedAt),
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

/** A one-time token, told once; only its hash is stored. */
function newInvite(now = Date.now()) {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256(token), expiresAt: now + INVITE_TTL_MS };
}

/** Disconnects every socket of the user on every process (through the adapter), and those of the sessions named. */
function cutOff(app: FastifyInstance, tenantId: string, userId: string, sessionIds: string[] = []) {
  app.io.in([userRoom(tenantId, userId), ...sessionIds.map(sessionRoom)]).disconnectSockets(true);
}

async function target(app: FastifyInstance, who: Principal, userId: string): Promise<UserRow> {
  const u = await app.repos.users.inTenant(who.tenantId, userId);
  // Another tenant's id is answered like one that does not exist.
  if (!u) throw notFound('No such user in your tenant');
  return u;
}

/** Refuses a change that would leave the tenant without an admin who can act (checked after the change, in its transaction). */
async function keepAnAdmin(app: FastifyInstance, who: Principal, userId: string, doing: string) {
  if ((await app.repos.users.activeAdmins(who.tenantId)) > 0) return;
  throw new UserError(
    409,
    userId === who.userId
      ? `You are the last admin of this tenant: make someone else an admin before you ${doing} yourself`
      : `This would leave the tenant without an admin: make someone else an admin before you ${doing} them`,
  );
}

/** An approval level must be supervisors' and one the policy in force names. */
async function checkAccess(app: FastifyInstance, tenantId: string, a: Access) {
  if (a.approvalLevel === null) return;
  if (a.role !== 'supervisor')
    throw new UserError(400, 'approvalLevel: only supervisors decide at an approval level; leave it null for this role');
  const policy = await app.repos.policies.current(tenantId);
  const levels = policy?.document.levels.map((l) => l.id) ?? [];
  if (policy && !levels.includes(a.approvalLevel))
    throw new UserError(400, `approvalLevel: the policy in force has no level ${a.approvalLevel}; use one of ${levels.join(', ')}`);
}

export async function listUsers(app: FastifyInstance, who: Principal) {
  return { users: (await app.repos.users.list(who.tenantId)).map(toView) };
}

export async function inviteUser(
  app: FastifyInstance,
  who: Principal,
  body: { email: string; name: string } & Access,
): Promise<InviteReply> {
  const access: Access = { role: body.role, agentLevel: body.agentLevel, team: body.team, approvalLevel: body.approvalLevel };
  await checkAccess(app, who.tenantId, access);
  const invite = newInvite();
  return app.db.tx(async () => {
    const id = await app.repos.users.invite(
      { tenantId: who.tenantId, email: body.email, name: body.name, ...access },
      invite.hash,
      invite.expiresAt,
    );
    // Sign-in is by email alone, so an email names one account across all tenants.
    if (!id)
      throw new UserError(
        409,
        `${body.email.toLowerCase()} already has a Leeway account: invite another address, or reactivate that user if they are yours`,
      );
    await app.repos.audit.record(who.tenantId, who.userId, 'user.invite', `user:${id}`, { ...access, expiresAt: iso(invite.expiresAt) });
    return { user: toView((await app.repos.users.byId(id))!), invite: { token: invite.token, expiresAt: iso(invite.expiresAt)! } };
  });
}

/** A new token for someone who has not accepted yet (lost or expired); the old one stops working. */
export async function reissueInvite(app: FastifyInstance, who: Principal, userId: string): Promise<InviteReply> {
  const invite = newInvite();
  return app.db.tx(async () => {
    const u = await target(app, who, userId);
    if (u.inviteHash === null)
      throw new UserError(409, `${u.name} has accepted their invitation already: they sign in with their own password`);
    await app.repos.users.reissueInvite(who.tenantId, userId, invite.hash, invite.expiresAt);
    await app.repos.audit.record(who.tenantId, who.userId, 'user.invite-reissue', `user:${userId}`, { expiresAt: iso(invite.expiresAt) });
    return { user: toView((await app.repos.users.byId(userId))!), invite: { token: invite.token, expiresAt: iso(invite.expiresAt)! } };
  });
}

export async function deactivateUser(app: FastifyInstance, who: Principal, userId: string): Promise<UserView> {
  const { row, ended } = await app.db.tx(
    async () => {
      const u = await target(app, who, userId);
      if (u.deactivatedAt !== null) return { row: u, ended: [] as string[] }; // already: nothing to change or audit
      const row = (await app.repos.users.setDeactivated(who.tenantId, userId, Date.now()))!;
      if (u.role === 'admin') await keepAnAdmin(app, who, userId, 'deactivate');
      const ended = await app.repos.sessions.revokeAllForUser(userId, 'user deactivated');
      await app.repos.audit.record(who.tenantId, who.userId, 'user.deactivate', `user:${userId}`, { sessionsEnded: ended.length });
      return { row, ended };
    },
    { lock: usersLock(who.tenantId) },
  );
  // After the commit: a socket reconnecting now is refused (its sessions are revoked, its user inactive).
  cutOff(app, who.tenantId, userId, ended);
  return toView(row);
}

export async function reactivateUser(app: FastifyInstance, who: Principal, userId: string): Promise<UserView> {
  return app.db.tx(
    async () => {
      const u = await target(app, who, userId);
      if (u.deactivatedAt === null) return toView(u);
      // Their sessions stay ended: they sign in again.
      const row = (await app.repos.users.setDeactivated(who.tenantId, userId, null))!;
      await app.repos.audit.record(who.tenantId, who.userId, 'user.reactivate', `user:${userId}`);
      return toView(row);
    },
    { lock: usersLock(who.tenantId) },
  );
}

export async function changeAccess(app: FastifyInstance, who: Principal, userId: string, change: AccessChangeBody): Promise<UserView> {
  const { row, changed } = await app.db.tx(
    async () => {
      const u = await target(app, who, userId);
      const before: Access = { role: u.role, agentLevel: u.agentLevel, team: u.team, approvalLevel: u.approvalLevel };
      const after: Access = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
      // Leaving the supervisors without saying otherwise drops the approval level with the role.
      if (after.role !== 'supervisor' && change.approvalLevel === undefined) after.approvalLevel = null;
      await checkAccess(app, who.tenantId, after);
      const changed = (Object.keys(after) as (keyof Access)[]).filter((k) => after[k] !== before[k]);
      if (changed.length === 0) return { row: u, changed: false };
      const updated = (await app.repos.users.setAccess(who.tenantId, userId, after))!;
      if (before.role === 'admin' && after.role !== 'admin') await keepAnAdmin(app, who, userId, 'demote');
      await app.repos.audit.record(
        who.tenantId,
        who.userId,
        'user.access-change',
        `user:${userId}`,
        Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
      );
      return { row: updated, changed: true };
    },
    { lock: usersLock(who.tenantId) },
  );
  if (!changed) return toView(row);
  // Their sessions stay live: sockets reconnect and are admitted with the new role, rooms and duty.
  cutOff(app, who.tenantId, userId);
  return toView(row);
}

/** The invitee sets their password with the token; they then sign in as anyone does. */
export async function acceptInvite(app: FastifyInstance, token: string, password: string) {
  const inviteHash = sha256(token);
  // Checked before the slow hash, so a wrong token costs the server little.
  const pending = await app.repos.users.pendingInvite(inviteHash);
  if (pending !== 'live') throw refusedInvite(pending);
  const passwordHash = await hash(password);
  return app.db.tx(async () => {
    const r = await app.repos.users.acceptInvite(inviteHash, passwordHash);
    if (r.kind !== 'accepted') throw refusedInvite(r.kind);
    await app.repos.audit.record(r.tenantId, r.id, 'user.invite-accept', `user:${r.id}`);
    return { email: r.email, accepted: true as const };
  });
}

const refusedInvite = (why: 'expired' | 'unknown') =>
  new UserError(
    400,
    why === 'expired'
      ? 'This invitation has expired: ask your admin to send you a new one'
      : 'This invitation is not valid: it was used already, replaced by a newer one, or mistyped. Ask your admin for a new one',
  );
