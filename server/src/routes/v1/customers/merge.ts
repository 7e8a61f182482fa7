import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import { mergeCustomers, unmergeCustomers } from '../../../services/merges';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Two records found to be one person are merged by a person, with a reason, and the merge
 * can be undone: identity resolution never guesses.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/customers/:customerId/merge', {
    onRequest: app.authorize('customer:merge'),
    schema: {
      params: z.object({ customerId: Id }),
      body: z.object({ into: Id, reason: z.string().trim().min(1, 'is required: say why these are the same person').max(500) }).strict(),
      response: { 201: z.object({ mergeId: z.string() }), ...errors },
    },
    handler: async (req, reply) => {
      const mergeId = await mergeCustomers(app, req.principal, req.params.customerId, req.body.into, req.body.reason);
      return reply.code(201).send({ mergeId });
    },
  });

  app.post('/v1/merges/:mergeId/undo', {
    onRequest: app.authorize('customer:merge'),
    schema: { params: z.object({ mergeId: Id }), response: { 200: z.object({ undone: z.literal(true) }), ...errors } },
    handler: async (req) => {
      await unmergeCustomers(app, req.principal, req.params.mergeId);
      return { undone: true as const };
    },
  });
};
export default route;
