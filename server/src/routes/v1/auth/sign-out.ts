import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SignOutReply } from '@shared/schemas/auth';
import { ErrorBody } from '@shared/schemas/common';

const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/auth/sign-out', {
    onRequest: app.authorize('session:own'),
    schema: { response: { 200: SignOutReply, 401: ErrorBody } },
    handler: async (req) => {
      const { tenantId, userId, sessionId } = req.principal;
      // Its access tokens are refused from now on and its sockets are closed now, not when the tokens expire.
      // The session's end and its audit entry commit together, or neither does.
      await app.repos.transaction(async () => {
        await app.endSession(sessionId, 'signed out');
        await app.repos.audit.record(tenantId, userId, 'auth.sign-out', `session:${sessionId}`, { address: req.ip });
      });
      return { signedOut: true as const };
    },
  });
};
export default route;
