import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RefreshBody, SESSION_SIGNED_OUT_MESSAGE, SignInReply } from '@shared/schemas/auth';
import { ErrorBody } from '@shared/schemas/common';
import { unauthorized } from '../../../errors';

const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/auth/refresh', {
    config: { public: 'authenticated by the refresh token in the body, since the access token may have expired' },
    schema: { body: RefreshBody, response: { 200: SignInReply, 400: ErrorBody, 401: ErrorBody } },
    handler: async (req) => {
      const r = await app.rotateSession(req.body.refreshToken);
      switch (r.kind) {
        case 'rotated': {
          // The role is read afresh: a role changed since sign-in applies from the next refresh.
          const principal = { userId: r.user.id, tenantId: r.user.tenantId, role: r.user.role, sessionId: r.sessionId };
          return {
            ...app.signToken(principal, r.expiresAt),
            refreshToken: r.refreshToken,
            refreshExpiresAt: new Date(r.expiresAt).toISOString(),
            user: r.user,
          };
        }
        case 'reused':
          // Two holders of one session's refresh token: one of them stole it. End it for both.
          // The session's end and its audit entry commit together, or neither does.
          await app.repos.transaction(async () => {
            await app.endSession(r.sessionId, 'refresh token reused');
            await app.repos.audit.record(r.tenantId, r.userId, 'auth.refresh-reuse', `session:${r.sessionId}`, { address: req.ip });
          });
          throw unauthorized('This refresh token was already used, so the session was ended to protect the account: sign in again');
        case 'user-inactive':
          await app.endSession(r.sessionId, 'user deactivated');
          throw unauthorized('Your account was deactivated: ask an admin');
        case 'revoked':
          throw unauthorized(SESSION_SIGNED_OUT_MESSAGE);
        case 'expired':
          throw unauthorized('Your session has ended: sign in again');
        case 'unknown':
          throw unauthorized('The refresh token is not valid: sign in again');
      }
    },
  });
};
export default route;
