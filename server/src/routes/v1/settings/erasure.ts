import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '@shared/schemas/common';
import { ErasureSettings } from '@shared/schemas/erasure';
import { deadlineDays, setDeadlineDays } from '../../../services/erasure-requests';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** Days an erasure request may wait: admins read and set it; a change and its audit entry are one transaction. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/settings/erasure', {
    onRequest: app.authorize('erasure:settings'),
    schema: { response: { 200: ErasureSettings, ...errors } },
    handler: async (req) => ({ deadlineDays: await deadlineDays(app, req.principal.tenantId) }),
  });

  app.put('/v1/settings/erasure', {
    onRequest: app.authorize('erasure:settings'),
    schema: { body: ErasureSettings, response: { 200: ErasureSettings, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      return app.repos.inSettingChange(tenantId, 'erasure', async () => {
        const before = await setDeadlineDays(app, tenantId, req.body.deadlineDays);
        await app.repos.audit.record(tenantId, userId, 'erasure.settings', 'settings:erasure', {
          deadlineDays: { from: before, to: req.body.deadlineDays },
        });
        return { deadlineDays: req.body.deadlineDays };
      });
    },
  });
};
export default route;
