import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery } from '@shared/schemas/audit';
import { ErrorBody } from '@shared/schemas/common';
import exportRoute from './export';
import { encodeCursor, toEntry, toFilter } from './filters';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The audit log, for admins: filtered, newest first, a page at a time; only the caller's tenant. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/audit', {
    onRequest: app.authorize('audit:read'),
    schema: { querystring: AuditQuery, response: { 200: AuditPage, ...errors } },
    handler: async (req) => {
      const page = await app.repos.audit.page(req.principal.tenantId, toFilter(req.query), req.query.limit);
      return { entries: page.entries.map(toEntry), nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  });

  await app.register(exportRoute);
};
export default route;
