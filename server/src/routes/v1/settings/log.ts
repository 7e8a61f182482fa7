import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { LogSettings, LogSettingsView } from '@shared/schemas/log-settings';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The log's checkpoint cadence: admins read and set it; a change and its audit entry are one transaction. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/settings/log', {
    onRequest: app.authorize('log:retention'),
    schema: { response: { 200: LogSettingsView, ...errors } },
    handler: async (req) => app.repos.checkpoints.cadence(req.principal.tenantId),
  });

  app.put('/v1/settings/log', {
    onRequest: app.authorize('log:retention'),
    schema: { body: LogSettings, response: { 200: LogSettingsView, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      return app.repos.inSettingChange(tenantId, 'log', async () => {
        const before = await app.repos.checkpoints.setCadence(tenantId, req.body);
        await app.repos.audit.record(tenantId, userId, 'log.settings', 'settings:log', { from: before, to: req.body });
        return req.body;
      });
    },
  });
};
export default route;
