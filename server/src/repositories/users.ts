import { hash, verify } from '@node-rs/argon2';
import { and, asc, count, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@shared/schemas/common';
import type { SessionUser } from '@shared/schemas/auth';
import type { Database } from '../db/database';

// Checked when the email is unknown, so a wrong email costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;

/** Who a user is and what they may do: what admins see and change. */
export interface Access {
  role: Role;
  agentLevel: number;
  team: string;
  approvalLevel: string | null;
}

export function createUsersRepository(db: Database) {
  const { tenants, users } = db.t;
  const inTenant = (tenantId: string, id: string) => and(eq(users.id, id), eq(users.tenantId, tenantId));

  return {
    async create(input: {
      tenantId: string;
      email: string;
      name: string;
      role: Role;
      password: string;
      agentLevel?: number;
      team?: string;
      approvalLevel?: string;
    }): Promise<string> {
      const id = randomUUID();
      // Hashed before the transaction: it takes a while, and nobody need wait on it.
      const passwordHash = await hash(input.password);
      await db.tx(async (tx) => {
        await tx.insert(users).values({
          id,
          tenantId: input.tenantId,
          email: input.email.toLowerCase(),
          name: input.name,
          role: input.role,
          agentLevel: input.agentLevel ?? 1,
          team: input.team ?? 'default',
          approvalLevel: input.approvalLevel ?? null,
          passwordHash,
          createdAt: Date.now(),
        });
      });
      return id;
    },

    /** The user, if the password matches; null otherwise, after the same amount of work. */
    async authenticate(email: string, password: string): Promise<SessionUser | null> {
      const [row] = await db.q
        .select({ user: users, tenantName: tenants.name })
        .from(users)
        .innerJoin(tenants, eq(tenants.id, users.tenantId))
        .where(eq(users.email, email.toLowerCase()))
        .limit(1);
      if (!row) {
        dummyHash ??= hash('not a real password');
        await verify(await dummyHash, password);
        return null;
      }
      if (!(await verify(row.user.passwordHash, password))) return null;
      if (row.user.deactivatedAt !== null) return null;
      // An invitation not yet accepted has no password of the invitee's: nobody signs in as them.
      if (row.user.inviteHash !== null) return null;
      return {
        id: row.user.id,
        tenantId: row.user.tenantId,
        tenantName: row.tenantName,
        email: row.user.email,
        name: row.user.name,
        role: row.user.role,
      };
    },

    /** Whose account an email names, without checking any password (to audit and throttle attempts on it). */
    async byEmail(email: string): Promise<{ id: string; tenantId: string } | null> {
      const [row] = await db.q
        .select({ id: users.id, tenantId: users.tenantId })
        .from(users)
        .where(eq(users.email, email.toLowerCase()))
        .limit(1);
      return row ?? null;
    },

    async byId(id: string) {
      const [row] = await db.q.select().from(users).where(eq(users.id, id));
      return row ?? null;
    },

    /** A user of this tenant only: another tenant's id finds nothing. */
    /** The tenant's own user with this email: another tenant's user of the same email is nobody here. */
    async inTenantByEmail(tenantId: string, email: string): Promise<{ id: string; email: string } | null> {
      const [row] = await db.q
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.email, email.trim().toLowerCase())))
        .limit(1);
      return row ?? null;
    },

    async inTenant(tenantId: string, id: string) {
      const [row] = await db.q.select().from(users).where(inTenant(tenantId, id));
      return row ?? null;
    },

    /** Everyone in the tenant, by name. */
    async list(tenantId: string) {
      return db.q.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.name), asc(users.email));
    },

    /**
     * A user who has yet to accept `inviteHash` (the SHA-256 of their one-time token). Their
     * password is random and never told: nobody signs in as them before they accept.
     * Null when the email is taken (in any tenant: sign-in is by email alone).
     */
    async invite(
      input: { tenantId: string; email: string; name: string } & Access,
      inviteHash: string,
      inviteExpiresAt: number,
    ): Promise<string | null> {
      const id = randomUUID();
      const passwordHash = await hash(randomBytes(32).toString('base64url'));
      const added = await db.tx((tx) =>
        tx
          .insert(users)
          .values({
            id,
            tenantId: input.tenantId,
            email: input.email.toLowerCase(),
            name: input.name,
            role: input.role,
            agentLevel: input.agentLevel,
            team: input.team,
            approvalLevel: input.approvalLevel,
            passwordHash,
            inviteHash,
            inviteExpiresAt,
            createdAt: Date.now(),
          })
          .onConflictDoNothing()
          .returning({ id: users.id }),
      );
      return added.length ? id : null;
    },

    /** A new token for an invitation not yet accepted (the old one stops working); false if there is none. */
    async reissueInvite(tenantId: string, id: string, inviteHash: string, inviteExpiresAt: number): Promise<boolean> {
      const done = await db.tx((tx) =>
        tx
          .update(users)
          .set({ inviteHash, inviteExpiresAt })
          .where(and(inTenant(tenantId, id), isNotNull(users.inviteHash)))
          .returning({ id: users.id }),
      );
      return done.length > 0;
    },

    /** Whether a token's hash names an invitation that can still be accepted. */
    async pendingInvite(inviteHash: string, now = Date.now()): Promise<'live' | 'expired' | 'unknown'> {
      const [row] = await db.q
        .select({ expiresAt: users.inviteExpiresAt })
        .from(users)
        .where(and(eq(users.inviteHash, inviteHash), isNull(users.deactivatedAt)))
        .limit(1);
      return !row ? 'unknown' : (row.expiresAt ?? 0) > now ? 'live' : 'expired';
    },

    /**
     * Trades an invitation for a password, once: the update matches only the live invitation, so
     * two accepts with the same token cannot both win. 'expired' and 'unknown' change nothing.
     */
    async acceptInvite(
      inviteHash: string,
      passwordHash: string,
      now = Date.now(),
    ): Promise<{ kind: 'accepted'; id: string; tenantId: string; email: string } | { kind: 'expired' | 'unknown' }> {
      return db.tx(async (tx) => {
        const [done] = await tx
          .update(users)
          .set({ passwordHash, inviteHash: null, inviteExpiresAt: null })
          .where(and(eq(users.inviteHash, inviteHash), gt(users.inviteExpiresAt, now), isNull(users.deactivatedAt)))
          .returning({ id: users.id, tenantId: users.tenantId, email: users.email });
        if (done) return { kind: 'accepted' as const, ...done };
        const [stale] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.inviteHash, inviteHash), isNull(users.deactivatedAt)))
          .limit(1);
        return { kind: stale ? ('expired' as const) : ('unknown' as const) };
      });
    },

    /** Sets or clears `deactivatedAt`; the row after, or null if the tenant has no such user. */
    async setDeactivated(tenantId: string, id: string, at: number | null) {
      const [row] = await db.tx((tx) => tx.update(users).set({ deactivatedAt: at }).where(inTenant(tenantId, id)).returning());
      return row ?? null;
    },

    /** Changes role, level, team or approval level; off duty too when no longer a supervisor with a level. */
    async setAccess(tenantId: string, id: string, access: Access) {
      const offDuty = access.role !== 'supervisor' || access.approvalLevel === null ? { onDuty: false } : {};
      const [row] = await db.tx((tx) =>
        tx
          .update(users)
          .set({ ...access, ...offDuty })
          .where(inTenant(tenantId, id))
          .returning(),
      );
      return row ?? null;
    },

    /** The user's approval level (null: none, or no such user in the tenant). */
    async approvalLevel(tenantId: string, id: string): Promise<string | null> {
      const [me] = await db.q.select({ level: users.approvalLevel }).from(users).where(inTenant(tenantId, id));
      return me?.level ?? null;
    },

    /** Admins who can act now: accepted their invitation and not deactivated. */
    async activeAdmins(tenantId: string): Promise<number> {
      const [row] = await db.q
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.role, 'admin'), isNull(users.deactivatedAt), isNull(users.inviteHash)));
      return Number(row?.n ?? 0);
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
export type UserRow = NonNullable<Awaited<ReturnType<UsersRepository['byId']>>>;
