import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AIRCALL_CALL_EVENTS, AircallWebhook, AircallWebhookReply, type AircallCallEvent } from '@shared/schemas/aircall';
import { ErrorBody } from '@shared/schemas/common';
import { unauthorized } from '../../../errors';
import { aircallCallEvent } from '../../../platforms/aircall-events';
import { afterReply } from '../../../platforms/aircall-send';
import { aircallConnectionFor } from '../../../platforms/aircall-token';

const isCallEvent = (b: AircallWebhook): b is AircallWebhook & { event: AircallCallEvent } =>
  b.resource === 'call' && (AIRCALL_CALL_EVENTS as readonly string[]).includes(b.event);

/**
 * POST /v1/integrations/aircall/:tenantId/webhook: the webhook an admin creates in Aircall for the
 * tenant (README, Contact-center desktops). The URL names the tenant; the body's `token` proves the
 * sender is that tenant's Aircall webhook (platforms/aircall-token.ts). Checked in this order: the
 * envelope's shape (400), the token (401), then the event: call events are stored and may send an
 * insight card after the answer (platforms/aircall-events.ts); any other event is answered 200 and
 * ignored, so subscribing to more events than needed does no harm.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  const later = afterReply(app);
  app.post('/v1/integrations/aircall/:tenantId/webhook', {
    config: {
      public: "authenticated by the Aircall webhook's token in the body, compared with the one the tenant's admin saved",
      platformWebhook: 'aircall',
    },
    schema: {
      description:
        'Aircall’s webhook for one tenant: call events enter the call lifecycle, and an inbound call gets an insight card in the agent’s phone app.',
      params: z.object({
        tenantId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be your Leeway tenant id, as the sign-in reply gives it (user.tenantId)'),
      }),
      body: AircallWebhook,
      response: { 200: AircallWebhookReply, 400: ErrorBody, 401: ErrorBody, 503: ErrorBody },
    },
    handler: async (req) => {
      const { tenantId } = req.params;
      const connection = await aircallConnectionFor(app, tenantId, req.body.token);
      if (!connection)
        throw unauthorized(
          'The token does not match this tenant’s Aircall connection: save the webhook’s token with PUT /v1/settings/platforms/aircall, and check the tenant id in the URL',
        );
      if (!isCallEvent(req.body)) return { status: 'ignored' as const };
      const origin = `${req.protocol}://${req.host}`;
      return aircallCallEvent(app, req.body.event, req.body, { tenantId, connection, origin, log: req.log, later });
    },
  });
};
export default route;
