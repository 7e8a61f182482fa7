import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SignInBody, SignInReply } from '../../../../../shared/schemas/auth';
import { ErrorBody } from '../../../../../shared/schemas/common';
import { createSignInThrottle, throttledMessage } from '../../../auth/sign-in-throttle';
import { UserError, unauthorized } from '../../../errors';

const route: FastifyPluginAsyncZod = async (app) => {
  const throttle = createSignInThrottle(app.repos.signInFailures);

  app.post('/v1/auth/sign-in', {
    config: { public: 'how a token is obtained' },
    schema: { body: SignInBody, response: { 200: SignInReply, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody } },
    handler: async (req, reply) => {
      const { email, password } = req.body;
      const address = req.ip;
      // Known accounts get audit entries; unknown emails are throttled all the same, so throttling says nothing about who exists.
      const account = await app.repos.users.byEmail(email);

      // Checked before the password: a throttled guess is never verified, right or wrong.
      const throttled = await throttle.check(email, address);
      if (throttled) {
        if (account) await app.repos.audit.record(account.tenantId, account.id, 'auth.throttled', `user:${account.id}`, { address, scope: throttled.scope });
        // No address in the log: logs carry no personal data.
        else app.log.warn({ scope: throttled.scope }, 'sign-in throttled for an unknown account');
        reply.header('retry-after', String(Math.ceil(throttled.retryAfterMs / 1000)));
        throw new UserError(429, throttledMessage(throttled));
      }

      const user = await app.repos.users.authenticate(email, password);
      if (!user) {
        await throttle.failed(email, address);
        if (account) await app.repos.audit.record(account.tenantId, account.id, 'auth.sign-in-refused', `user:${account.id}`, { address });
        // One message for both cases: which emails exist is nobody's business.
        throw unauthorized('Email or password is wrong');
      }
      await throttle.succeeded(email);
      const { sessionId, reply: body } = await app.startSession(user);
      await app.repos.audit.record(user.tenantId, user.id, 'auth.sign-in', `session:${sessionId}`, { address });
      return body;
    },
  });
};
export default route;
