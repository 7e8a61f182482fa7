import { and, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import type { SessionUser } from '@shared/schemas/auth';
import type { Role } from '@shared/schemas/common';
import type { RefreshTokens } from '../auth/refresh-token';
import type { Database } from '../db/database';

/** How long a session's row outlives its end. */
const KEEP_ENDED_MS = 7 * 86_400_000;

/** Refresh tokens (auth/refresh-token.ts) name their session, found by primary key; only the hash of the whole is stored. */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type SessionState = 'live' | 'revoked' | 'expired' | 'missing' | 'user-inactive';

export type RotateResult =
  | { kind: 'rotated'; sessionId: string; refreshToken: string; expiresAt: number; user: SessionUser }
  /** Not a refresh token we issued (a guess or a forgery), or its session is gone. Nothing was changed. */
  | { kind: 'unknown' }
  /** A token we issued for this session, but not its current one: it was rotated already. The session is now revoked. */
  | { kind: 'reused'; sessionId: string; tenantId: string; userId: string }
  | { kind: 'revoked'; reason: string | null }
  | { kind: 'expired' }
  /** The user was deactivated or deleted. The session is now revoked. */
  | { kind: 'user-inactive'; sessionId: string };

/** Sessions: one per sign-in, checked on every request by primary key, ended by sign-out, reuse or expiry. */
export function createSessionsRepository(db: Database) {
  const { sessions, tenants, users } = db.t;

  /** Ends the live sessions `which` names, once each (the update only matches live ones); the ids it ended. */
  async function endLive(which: SQL, reason: string, now: number): Promise<string[]> {
    return db.tx(async (tx) => {
      const ended = await tx
        .update(sessions)
        .set({ revokedAt: now, revokedReason: reason })
        .where(and(which, isNull(sessions.revokedAt)))
        .returning({ id: sessions.id });
      return ended.map((s) => s.id);
    });
  }
  const end = async (sessionId: string, reason: string, now: number) => (await endLive(eq(sessions.id, sessionId), reason, now)).length > 0;

  /**
   * The session's state and its user's role as stored now, in the same one read: a token's role
   * claim is what it was at sign-in, and an admin may have changed it since.
   */
  async function check(sessionId: string, now = Date.now()): Promise<{ state: SessionState; role: Role | null }> {
    const [row] = await db.q
      .select({ expiresAt: sessions.expiresAt, revokedAt: sessions.revokedAt, deactivatedAt: users.deactivatedAt, role: users.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sessionId));
    // Deactivation before revocation: deactivating revokes the sessions too, and the reason to tell is the deactivation.
    const state: SessionState = !row
      ? 'missing'
      : row.deactivatedAt !== null
        ? 'user-inactive'
        : row.revokedAt !== null
          ? 'revoked'
          : row.expiresAt <= now
            ? 'expired'
            : 'live';
    return { state, role: row?.role ?? null };
  }

  return {
    async create(
      input: { tenantId: string; userId: string; ttlMs: number; now?: number },
      tokens: RefreshTokens,
    ): Promise<{ id: string; refreshToken: string; expiresAt: number }> {
      const now = input.now ?? Date.now();
      const id = randomUUID();
      const refreshToken = tokens.issue(id);
      const expiresAt = now + input.ttlMs;
      await db.tx(async (tx) => {
        await tx.insert(sessions).values({
          id,
          tenantId: input.tenantId,
          userId: input.userId,
          refreshHash: sha256(refreshToken),
          createdAt: now,
          expiresAt,
          lastUsedAt: now,
        });
        // Sessions over for a while are of no further use (the audit log keeps who signed in when).
        await tx.delete(sessions).where(lt(sessions.expiresAt, now - KEEP_ENDED_MS));
      });
      return { id, refreshToken, expiresAt };
    },

    /**
     * Whether an access token's session still holds: one primary-key read of the session and its
     * user, on every request and socket handshake, so keep it to that.
     */
    async state(sessionId: string, now = Date.now()): Promise<SessionState> {
      return (await check(sessionId, now)).state;
    },
    check,

    /** When a session ends (for timers on its sockets); null if unknown. */
    async expiresAt(sessionId: string): Promise<number | null> {
      const [row] = await db.q.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, sessionId));
      return row?.expiresAt ?? null;
    },

    /**
     * Trades a refresh token for a new one. Single use: the update only succeeds against the
     * current hash, so two racing refreshes with the same token cannot both win (in any process),
     * and a token that was already traded in ends the whole session (whoever holds the other copy
     * is not us). Only a token we issued can end it: one that merely names a session is refused and changes nothing.
     */
    async rotate(refreshToken: string, tokens: RefreshTokens, now = Date.now()): Promise<RotateResult> {
      const sessionId = tokens.sessionOf(refreshToken);
      if (sessionId === null) return { kind: 'unknown' };
      return db.tx(async (tx): Promise<RotateResult> => {
        const [row] = await tx
          .select({ session: sessions, user: users, tenantName: tenants.name })
          .from(sessions)
          .leftJoin(users, eq(users.id, sessions.userId))
          .leftJoin(tenants, eq(tenants.id, sessions.tenantId))
          .where(eq(sessions.id, sessionId));
        if (!row) return { kind: 'unknown' };
        const { session, user } = row;
        if (session.revokedAt !== null) return { kind: 'revoked', reason: session.revokedReason };
        if (session.expiresAt <= now) return { kind: 'expired' };
        const hash = sha256(refreshToken);
        // Issued by us (its mac holds) yet not the current one: an earlier token of this session, come back.
        if (hash !== session.refreshHash) {
          await end(session.id, 'refresh token reused', now);
          return { kind: 'reused', sessionId: session.id, tenantId: session.tenantId, userId: session.userId };
        }
        if (!user || user.deactivatedAt !== null) {
          await end(session.id, 'user deactivated', now);
          return { kind: 'user-inactive', sessionId: session.id };
        }
        const next = tokens.issue(session.id);
        const swapped = await tx
          .update(sessions)
          .set({ refreshHash: sha256(next), lastUsedAt: now })
          .where(and(eq(sessions.id, session.id), eq(sessions.refreshHash, hash), isNull(sessions.revokedAt)))
          .returning({ id: sessions.id });
        // Another refresh traded the same token in between our read and this write: that is a reuse too.
        if (swapped.length === 0) {
          await end(session.id, 'refresh token reused', now);
          return { kind: 'reused', sessionId: session.id, tenantId: session.tenantId, userId: session.userId };
        }
        return {
          kind: 'rotated',
          sessionId: session.id,
          refreshToken: next,
          expiresAt: session.expiresAt,
          user: {
            id: user.id,
            tenantId: user.tenantId,
            tenantName: row.tenantName ?? '',
            email: user.email,
            name: user.name,
            role: user.role,
          },
        };
      });
    },

    /** Ends a session; false if it had already ended. */
    async revoke(sessionId: string, reason: string, now = Date.now()): Promise<boolean> {
      return end(sessionId, reason, now);
    },

    /** Ends every live session of a user (deactivation); returns their ids so their sockets can be closed. */
    async revokeAllForUser(userId: string, reason: string, now = Date.now()): Promise<string[]> {
      return endLive(eq(sessions.userId, userId), reason, now);
    },

    async byId(sessionId: string) {
      const [row] = await db.q.select().from(sessions).where(eq(sessions.id, sessionId));
      return row ?? null;
    },
  };
}
export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
