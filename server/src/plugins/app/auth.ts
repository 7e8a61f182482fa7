import jwt from '@fastify/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { can, type Permission } from '@shared/permissions';
import { SESSION_SIGNED_OUT_MESSAGE, TOKEN_EXPIRED_MESSAGE, TokenClaims, type SessionUser, type SignInReply } from '@shared/schemas/auth';
import type { Role } from '@shared/schemas/common';
import { createRefreshTokens } from '../../auth/refresh-token';
import type { Config } from '../../config';
import { forbidden, unauthorized } from '../../errors';
import type { RotateResult } from '../../repositories/sessions';
import { sessionRoom } from '../../sockets/rooms';

export interface Principal {
  userId: string;
  tenantId: string;
  role: Role;
  /** The session the token belongs to: signing out ends it, and every token and socket of it. */
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook that admits only a signed-in user whose role has `permission`. */
    authorize(permission: Permission): ((req: FastifyRequest, reply: FastifyReply) => Promise<void>) & { permission: Permission };
    /** An access token for the principal, never outliving its session. */
    signToken(p: Principal, sessionExpiresAt: number): { token: string; expiresAt: string };
    /** The token's principal, if its signature, expiry and session all hold; rejects with a 401 UserError otherwise. */
    verifyToken(token: string): Promise<Principal>;
    /** A new session for a user who just proved who they are: access and refresh tokens. */
    startSession(user: SessionUser): Promise<{ sessionId: string; reply: SignInReply }>;
    /** Trades a refresh token for the next one (sessions.rotate), if it is one we issued. */
    rotateSession(refreshToken: string): Promise<RotateResult>;
    /** Ends a session: its tokens stop working and its sockets are disconnected now. False if it had ended already. */
    endSession(sessionId: string, reason: string): Promise<boolean>;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Why a token whose signature holds is still refused, by the state of its session. */
const REFUSED = {
  revoked: SESSION_SIGNED_OUT_MESSAGE,
  expired: 'Your session has ended: sign in again',
  'user-inactive': 'Your account was deactivated: ask an admin',
  missing: 'The token is not valid: sign in again',
} as const;

export default fp<{ config: Config }>(
  async (app, { config }) => {
    // No default lifetime: each token gets an explicit `exp`, capped by its session's end.
    await app.register(jwt, { secret: config.jwtSecret });
    app.decorateRequest('principal', null as unknown as Principal);
    const refreshTokens = createRefreshTokens(config.jwtSecret);

    app.decorate('verifyToken', async (token: string): Promise<Principal> => {
      let claims: unknown;
      try {
        claims = app.jwt.verify(token);
      } catch (e) {
        throw unauthorized(/expired/i.test((e as Error).message) ? TOKEN_EXPIRED_MESSAGE : 'The token is not valid: sign in again');
      }
      const parsed = TokenClaims.safeParse(claims);
      if (!parsed.success) throw unauthorized('The token is not valid: sign in again');
      // One primary-key lookup: a signed-out session's tokens stop working at once, not when they expire.
      const { state, role } = await app.repos.sessions.check(parsed.data.sid);
      if (state !== 'live') throw unauthorized(REFUSED[state]);
      // The role as stored now, not as signed: an admin's change of role applies to tokens already issued.
      return { userId: parsed.data.sub, tenantId: parsed.data.tid, role: role!, sessionId: parsed.data.sid };
    });

    app.decorate('signToken', (p: Principal, sessionExpiresAt: number) => {
      const expMs = Math.min(Date.now() + config.tokenTtlMs, sessionExpiresAt);
      const exp = Math.floor(expMs / 1000);
      const token = app.jwt.sign({ sub: p.userId, tid: p.tenantId, role: p.role, sid: p.sessionId, exp });
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    });

    app.decorate('startSession', async (user: SessionUser) => {
      const session = await app.repos.sessions.create(
        { tenantId: user.tenantId, userId: user.id, ttlMs: config.sessionTtlMs },
        refreshTokens,
      );
      const reply: SignInReply = {
        ...app.signToken({ userId: user.id, tenantId: user.tenantId, role: user.role, sessionId: session.id }, session.expiresAt),
        refreshToken: session.refreshToken,
        refreshExpiresAt: new Date(session.expiresAt).toISOString(),
        user,
      };
      return { sessionId: session.id, reply };
    });

    app.decorate('rotateSession', (refreshToken: string) => app.repos.sessions.rotate(refreshToken, refreshTokens));

    app.decorate('endSession', async (sessionId: string, reason: string) => {
      const ended = await app.repos.sessions.revoke(sessionId, reason);
      // Also when it had ended already: a socket that slipped in between is closed all the same.
      app.io.in(sessionRoom(sessionId)).disconnectSockets(true);
      return ended;
    });

    app.decorate('authorize', (permission: Permission) =>
      // Tagged with its permission so route-rules can list who may call each route.
      Object.assign(
        async (req: FastifyRequest) => {
          const header = req.headers.authorization;
          if (!header?.startsWith('Bearer ')) throw unauthorized('Sign-in required: send the token as "Authorization: Bearer <token>"');
          req.principal = await app.verifyToken(header.slice(7));
          if (!can(req.principal.role, permission))
            throw forbidden(`Your role (${req.principal.role}) may not ${permission.replace(':', ' ')}`);
        },
        { permission },
      ),
    );
  },
  { name: 'auth', dependencies: ['db', 'socket-io'] },
);
