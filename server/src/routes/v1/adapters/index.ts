import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AdapterDefinition, AdapterRecord } from '@shared/schemas/adapters';
import { ErrorBody } from '@shared/schemas/common';
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
    handler: async (req, reply) => {
      const { tenantId, userId } = req.principal;
      // Each change and its audit entry in one transaction: both land or neither.
      const created = await app.repos.transaction(async () => {
        const created = await app.repos.adapters.create(tenantId, userId, req.body);
        await app.repos.audit.record(tenantId, userId, 'adapter.create', `adapter:${created.id}`, { name: created.definition.name });
        return created;
      });
      return reply.code(201).send(created);
    },
  });

  app.put('/v1/adapters/:id', {
    onRequest: app.authorize('adapters:write'),
    schema: { params: Params, body: AdapterDefinition, response: { 200: AdapterRecord, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      return app.repos.transaction(async () => {
        const updated = await app.repos.adapters.update(tenantId, req.params.id, req.body);
        if (!updated) throw notFound(`No adapter ${req.params.id}`);
        await app.repos.audit.record(tenantId, userId, 'adapter.update', `adapter:${updated.id}`, { name: updated.definition.name });
        return updated;
      });
    },
  });

  app.delete('/v1/adapters/:id', {
    onRequest: app.authorize('adapters:write'),
    schema: { params: Params, response: { 204: z.null(), ...errors } },
    handler: async (req, reply) => {
      const { tenantId, userId } = req.principal;
      await app.repos.transaction(async () => {
        const name = (await app.repos.adapters.list(tenantId)).find((a) => a.id === req.params.id)?.definition.name;
        if (!(await app.repos.adapters.remove(tenantId, req.params.id))) throw notFound(`No adapter ${req.params.id}`);
        await app.repos.audit.record(tenantId, userId, 'adapter.delete', `adapter:${req.params.id}`, { name: name ?? null });
      });
      return reply.code(204).send(null);
    },
  });
};
export default route;
