import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import { CustomerContext } from '@shared/schemas/context';
import { notFound } from '../../../errors';
import { customerContext } from '../../../services/context';
import { sameTicketRefs } from '@shared/ticket-ref';

/** GET /v1/customers/:customerId/context: the same snapshot the panel gets over the socket. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/customers/:customerId/context', {
    onRequest: app.authorize('context:read'),
    schema: {
      params: z.object({ customerId: Id }),
      querystring: z.object({ ticket: z.string().max(140).optional() }),
      response: { 200: CustomerContext, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
    handler: async (req) => {
      const { ticket } = req.query;
      const refs = ticket ? sameTicketRefs(ticket, await app.repos.helpdeskHosts.list(req.principal.tenantId)) : null;
      const ctx = await customerContext(app, req.principal.tenantId, req.params.customerId, refs);
      if (!ctx) throw notFound('No such customer in your tenant');
      return ctx;
    },
  });
};
export default route;
