import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '../../../../../shared/schemas/common';
import { ErasureRequest, ErasureRequestList, ErasureRequestsQuery, NewErasureRequest } from '../../../../../shared/schemas/erasure';
import { tenantLock } from '../../../db/database';
import { eraseWithReceipt, fileRequest, listRequests, requestById, requestView } from '../../../services/erasure-requests';

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
      const { tenantId, userId } = req.principal;
      const request = await requestById(app, tenantId, req.params.id);
      if (request.status === 'erased') return requestView(request);
      // Erased, receipted and audited together, or none of it.
      const done = await app.db.tx(
        async () => {
          const done = await eraseWithReceipt(app, req.principal, request.customerId);
          if (done.fresh)
            await app.repos.audit.record(tenantId, userId, 'customer.erase', `customer:${request.customerId}`, {
              logEntryId: done.logEntry.id,
              seq: done.logEntry.seq,
              requestId: done.request.id,
            });
          return done;
        },
        { lock: tenantLock(tenantId) },
      );
      if (done.fresh && !(await app.db.afterErasure()))
        req.log.warn(
          { requestId: request.id },
          `erasure committed, but ${app.db.dialect === 'postgres' ? 'customer_keys could not be rewritten (a lock or an older snapshot held it): its pages may keep the key row until the next erasure or VACUUM (FULL) customer_keys' : 'the SQLite WAL could not be truncated (another reader): it still holds erased pages until the next checkpoint'}`,
        );
      return done.request;
    },
  });
};
export default route;
