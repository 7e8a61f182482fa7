import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AdapterDefinition, AdapterRecord } from '../../../../../shared/schemas/adapters';
import { ErrorBody } from '../../../../../shared/schemas/common';
import { notFound } from '../../../errors';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = z.object({ id: z.string().uuid('must be an adapter id') });

/**
 * Declarative helpdesk adapters: every signed-in user of the tenant reads them (agents'
 * extensions fetch them after sign-in); only admins define, change or remove them.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/adapters', {
    onRequest: app.authorize('adapters:read'),
    schema: { response: { 200: z.array(AdapterRecord), ...errors } },
    handler: async (req) => app.repos.adapters.list(req.principal.tenantId),
  });

  app.post('/v1/adapters', {
    onRequest: app.authorize('adapters:write'),
    schema: { body: AdapterDefinition, response: { 201: AdapterRecord, ...errors } },
    handler: async (req, reply) => reply.code(201).send(await app.repos.adapters.create(req.principal.tenantId, req.principal.userId, req.body)),
  });

  app.put('/v1/adapters/:id', {
    onRequest: app.authorize('adapters:write'),
    schema: { params: Params, body: AdapterDefinition, response: { 200: AdapterRecord, ...errors } },
    handler: async (req) => {
      const updated = await app.repos.adapters.update(req.principal.tenantId, req.params.id, req.body);
      if (!updated) throw notFound(`No adapter ${req.params.id}`);
      return updated;
    },
  });

  app.delete('/v1/adapters/:id', {
    onRequest: app.authorize('adapters:write'),
    schema: { params: Params, response: { 204: z.null(), ...errors } },
    handler: async (req, reply) => {
      if (!(await app.repos.adapters.remove(req.principal.tenantId, req.params.id))) throw notFound(`No adapter ${req.params.id}`);
      return reply.code(204).send(null);
    },
  });
};
export default route;
