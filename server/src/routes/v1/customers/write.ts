import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import { CustomerBody, CustomerPatch, CustomerWritten } from '@shared/schemas/customers';
import { updateCustomer, writeCustomer } from '../../../services/customers';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Admins create and update customers one at a time, in the bulk import's format (`npm run import -- --help`).
 * POST is idempotent by externalId: a known one updates that customer (200) instead of creating one (201).
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/customers', {
    onRequest: app.authorize('customer:write'),
    schema: { body: CustomerBody, response: { 200: CustomerWritten, 201: CustomerWritten, ...errors } },
    handler: async (req, reply) => {
      const written = await writeCustomer(app, req.principal, req.body);
      return reply.code(written.created ? 201 : 200).send(written);
    },
  });

  app.patch('/v1/customers/:customerId', {
    onRequest: app.authorize('customer:write'),
    schema: { params: z.object({ customerId: Id }), body: CustomerPatch, response: { 200: CustomerWritten, ...errors } },
    handler: async (req) => updateCustomer(app, req.principal, req.params.customerId, req.body),
  });
};
export default route;
