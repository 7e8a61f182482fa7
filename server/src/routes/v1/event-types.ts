import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '@shared/schemas/common';
import { EventTypeBody } from '@shared/schemas/customer-events';
import { EventTypeView } from '@shared/schemas/event-type-replies';

/** Event types beyond the built-in ones: admins declare them, the ingest webhook then accepts them. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/event-types', {
    onRequest: app.authorize('policy:read'),
    schema: { response: { 200: z.array(EventTypeView), 401: ErrorBody, 403: ErrorBody } },
    handler: async (req) => app.repos.eventTypes.list(req.principal.tenantId),
  });
  app.post('/v1/event-types', {
    onRequest: app.authorize('event-types:write'),
    schema: { body: EventTypeBody, response: { 201: EventTypeView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
    handler: async (req, reply) => {
      const { tenantId, userId } = req.principal;
      // Declared and audited together, or neither.
      const declared = await app.repos.transaction(async () => {
        const declared = await app.repos.eventTypes.declare(tenantId, userId, req.body);
        await app.repos.audit.record(tenantId, userId, 'event-type.declare', `event-type:${declared.type}`, {
          type: declared.type,
          fields: req.body.fields,
        });
        return declared;
      });
      return reply.code(201).send(declared);
    },
  });
};
export default route;
