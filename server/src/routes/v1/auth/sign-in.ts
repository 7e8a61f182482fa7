import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SignInBody, SignInReply } from '../../../../../shared/schemas/auth';
import { ErrorBody } from '../../../../../shared/schemas/common';
import { unauthorized } from '../../../errors';

const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/auth/sign-in', {
    config: { public: 'how a token is obtained' },
    schema: { body: SignInBody, response: { 200: SignInReply, 400: ErrorBody, 401: ErrorBody } },
    handler: async (req) => {
      const user = await app.repos.users.authenticate(req.body.email, req.body.password);
      // One message for both cases: which emails exist is nobody's business.
      if (!user) throw unauthorized('Email or password is wrong');
      return { ...app.signToken({ userId: user.id, tenantId: user.tenantId, role: user.role }), user };
    },
  });
};
export default route;
