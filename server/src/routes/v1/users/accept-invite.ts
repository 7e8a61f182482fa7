import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { AcceptInviteBody, AcceptInviteReply } from '@shared/schemas/users';
import { UserError } from '../../../errors';
import { acceptInvite } from '../../../services/users';

/** Attempts per address, as sign-in counts them: an office shares one address, a guesser gets few tries. */
export const ACCEPT_LIMIT = { max: 10, windowMs: 15 * 60_000 } as const;

/** The invitee sets their password with the one-time token an admin sent them; no sign-in yet, so public. */
const route: FastifyPluginAsyncZod = async (app) => {
  // Counted in the rate limiter's store (Redis when several processes share one), apart from the per-request limit.
  const limit = app.createRateLimit({
    max: ACCEPT_LIMIT.max,
    timeWindow: ACCEPT_LIMIT.windowMs,
    keyGenerator: (req) => `invite-accept:${normalizeIP(req.ip)}`,
  });

  app.post('/v1/users/invitations/accept', {
    config: { public: 'how an invitee who has no password yet sets one, with the token an admin sent them' },
    // Before validation, so malformed attempts count too; after the body is read, so an oversized one is still a 413.
    preValidation: async (req, reply) => {
      const r = await limit(req);
      if (r.isAllowed || !r.isExceeded) return;
      reply.header('retry-after', r.ttlInSeconds);
      const minutes = Math.max(1, Math.ceil(r.ttlInSeconds / 60));
      throw new UserError(
        429,
        `Too many invitation attempts from your network address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      );
    },
    schema: { body: AcceptInviteBody, response: { 200: AcceptInviteReply, 400: ErrorBody, 429: ErrorBody } },
    handler: async (req) => acceptInvite(app, req.body.token, req.body.password),
  });
};
export default route;
