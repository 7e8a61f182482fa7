import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { RevealSettings } from '@shared/schemas/reveals';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/**
 * The tenant's reveal limit (services/reveals.ts enforces it): admins read it and set it; a
 * change and its audit entry are one transaction, so the log never misses a loosened limit.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/settings/reveals', {
    onRequest: app.authorize('reveals:settings'),
    schema: { response: { 200: RevealSettings, ...errors } },
    handler: async (req) => ({ perHour: await app.repos.reveals.perHour(req.principal.tenantId) }),
  });

  app.put('/v1/settings/reveals', {
    onRequest: app.authorize('reveals:settings'),
    schema: { body: RevealSettings, response: { 200: RevealSettings, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      return app.repos.inSettingChange(tenantId, 'reveals', async () => {
        const before = await app.repos.reveals.setPerHour(tenantId, req.body.perHour);
        await app.repos.audit.record(tenantId, userId, 'reveals.settings', 'settings:reveals', {
          perHour: { from: before, to: req.body.perHour },
        });
        return { perHour: req.body.perHour };
      });
    },
  });
};
export default route;
