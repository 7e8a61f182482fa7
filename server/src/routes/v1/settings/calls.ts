import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CallSettings } from '@shared/schemas/calls';
import { ErrorBody } from '@shared/schemas/common';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/**
 * The desktops whose calls the platform's events confirm (services/confirmed-calls.ts): admins
 * read and set them; a change and its audit entry are one transaction.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/settings/calls', {
    onRequest: app.authorize('platforms:settings'),
    schema: { response: { 200: CallSettings, ...errors } },
    handler: async (req) => ({ confirmedBy: await app.repos.calls.confirmedBy(req.principal.tenantId) }),
  });

  app.put('/v1/settings/calls', {
    onRequest: app.authorize('platforms:settings'),
    schema: { body: CallSettings, response: { 200: CallSettings, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      return app.repos.inSettingChange(tenantId, 'calls', async () => {
        const before = await app.repos.calls.setConfirmedBy(tenantId, req.body.confirmedBy);
        await app.repos.audit.record(tenantId, userId, 'calls.settings', 'settings:calls', {
          confirmedBy: { from: before, to: req.body.confirmedBy },
        });
        return { confirmedBy: req.body.confirmedBy };
      });
    },
  });
};
export default route;
