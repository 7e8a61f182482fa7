import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SignInBody, SignInReply } from '@shared/schemas/auth';
import { ErrorBody } from '@shared/schemas/common';
import { createSignInThrottle, throttledMessage } from '../../../auth/sign-in-throttle';
import { UserError, unauthorized } from '../../../errors';

const route: FastifyPluginAsyncZod = async (app) => {
  const throttle = createSignInThrottle(app.repos.signInFailures);
  /** Runs a write the reply need not wait for once this request's work is done; a failure is logged, not answered. */
  const afterReply = (write: () => Promise<unknown>) =>
    setImmediate(() => write().catch((err: unknown) => app.log.error({ err }, 'a deferred sign-in audit write failed')));

  app.post('/v1/auth/sign-in', {
    config: { public: 'how a token is obtained' },
    schema: { body: SignInBody, response: { 200: SignInReply, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody } },
    handler: async (req, reply) => {
      const { email, password } = req.body;
      const address = req.ip;
      // Known accounts get audit entries; unknown emails are throttled all the same, so throttling says nothing about who exists.
      const account = await app.repos.users.byEmail(email);

      // Counted before the password is checked: a throttled guess is never verified, right or wrong, nor are guesses sent all at once beyond the limit.
      const attempt = await throttle.begin(email, address);
      if (attempt.kind === 'throttled') {
        // Once per account per window (the note and its audit entry in one transaction), and after the reply,
        // for known and unknown accounts alike: neither the audit nor the wait tells who exists.
        afterReply(() =>
          throttle.noteThrottled(email, async () => {
            if (account)
              await app.repos.audit.record(account.tenantId, account.id, 'auth.throttled', `user:${account.id}`, {
                address,
                scope: attempt.scope,
              });
            // No address in the log: logs carry no personal data.
            else app.log.warn({ scope: attempt.scope }, 'sign-in throttled for an unknown account');
          }),
        );
        reply.header('retry-after', String(Math.ceil(attempt.retryAfterMs / 1000)));
        throw new UserError(429, throttledMessage(attempt));
      }

      let user: Awaited<ReturnType<typeof app.repos.users.authenticate>>;
      try {
        // Outside any transaction: the hash takes long, and holds no lock meanwhile.
        user = await app.repos.users.authenticate(email, password);
      } catch (error) {
        // Counted as a failure all the same: an attempt that breaks the check must not come for free.
        await throttle.failed(attempt, email, address);
        throw error;
      }
      if (!user) {
        await app.repos.transaction(async () => {
          await throttle.failed(attempt, email, address);
          if (account)
            await app.repos.audit.record(account.tenantId, account.id, 'auth.sign-in-refused', `user:${account.id}`, { address });
        });
        // One message for both cases: which emails exist is nobody's business.
        throw unauthorized('Email or password is wrong');
      }
      const signedIn = user;
      return app.repos.transaction(async () => {
        await throttle.succeeded(attempt, email, address);
        const { sessionId, reply: body } = await app.startSession(signedIn);
        await app.repos.audit.record(signedIn.tenantId, signedIn.id, 'auth.sign-in', `session:${sessionId}`, { address });
        return body;
      });
    },
  });
};
export default route;
