/** The audit log as CSV, streamed a page at a time; written by csv-stringify so quoting is right. */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AUDIT_CSV_COLUMNS, AuditFilters } from '@shared/schemas/audit';
import { ErrorBody } from '@shared/schemas/common';
import { toEntry, toFilter } from './filters';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/audit/export', {
    onRequest: app.authorize('audit:read'),
    schema: { querystring: AuditFilters, response: errors },
    handler: async (req, reply) => {
      const { tenantId, userId } = req.principal;
      const filter = toFilter(req.query);
      // Exporting the log is itself audited; the file holds what was there before this entry.
      const exportId = await app.repos.transaction(() =>
        app.repos.audit.record(tenantId, userId, 'audit.export', 'audit-log', { filters: req.query }),
      );
      const rows = async function* () {
        for await (const r of app.repos.audit.all(tenantId, { ...filter, beforeId: exportId })) {
          const e = toEntry(r);
          yield [
            e.id,
            e.at,
            e.action,
            e.actor.id,
            e.actor.name ?? '',
            e.actor.email ?? '',
            e.actor.role ?? '',
            e.target,
            e.detail ? JSON.stringify(e.detail) : '',
          ];
        }
      };
      const day = new Date().toISOString().slice(0, 10);
      // A stream is piped as it is, past the response schema (declared for errors only).
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
        .send(Readable.from(rows()).pipe(stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS], escape_formulas: true })));
    },
  });
};
export default route;
