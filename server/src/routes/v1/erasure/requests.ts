import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import { ErasureRequest, ErasureRequestList, ErasureRequestsQuery, NewErasureRequest } from '@shared/schemas/erasure';
import { fileRequest, listRequests, requestById, requestView } from '../../../services/erasure-requests';
import { runErasure } from '../../../services/erasure-run';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Erasure requests: supervisors and admins file and follow them; admins carry them out. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.post('/v1/erasure-requests', {
    onRequest: app.authorize('erasure:request'),
    schema: { body: NewErasureRequest, response: { 200: ErasureRequest, ...errors } },
    handler: async (req) => fileRequest(app, req.principal, req.body),
  });

  app.get('/v1/erasure-requests', {
    onRequest: app.authorize('erasure:read'),
    schema: { querystring: ErasureRequestsQuery, response: { 200: ErasureRequestList, ...errors } },
    handler: async (req) => ({ requests: await listRequests(app, req.principal.tenantId, req.query.status) }),
  });

  app.post('/v1/erasure-requests/:id/erase', {
    onRequest: app.authorize('customer:erase'),
    schema: { params: z.object({ id: Id }), response: { 200: ErasureRequest, ...errors } },
    handler: async (req) => {
      const request = await requestById(app, req.principal.tenantId, req.params.id);
      if (request.status === 'erased') return requestView(request);
      // Erased, receipted and audited together, or none of it.
      return (await runErasure(app, req.principal, request.customerId, req.log, request.id)).request;
    },
  });
};
export default route;
