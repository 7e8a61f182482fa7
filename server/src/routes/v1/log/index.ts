import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '@shared/schemas/common';
import { CheckpointPage, ErasureReply, LogVerifyReply, RetentionReply } from '@shared/schemas/log-replies';
import { MIN_RETENTION_DAYS } from '../../../log/retention';
import { runErasure } from '../../../services/erasure-run';
import { setLogRetention } from '../../../services/log-retention';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** The log's integrity, retention and erasure: auditors verify, admins configure and erase. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/log/verify', {
    onRequest: app.authorize('log:verify'),
    schema: { response: { 200: LogVerifyReply, ...errors } },
    handler: async (req) => app.repos.log.verify(req.principal.tenantId),
  });

  // For auditors' consoles, which keep the last checkpoint they saw and alarm when the log no longer extends it.
  app.get('/v1/log/checkpoints', {
    onRequest: app.authorize('log:verify'),
    schema: {
      querystring: z.object({ after: z.coerce.number().int().min(0).default(0) }).strict(),
      response: { 200: CheckpointPage, ...errors },
    },
    handler: async (req) => ({
      ...app.checkpointKey,
      checkpoints: await app.repos.checkpoints.list(req.principal.tenantId, req.query.after),
    }),
  });

  app.put('/v1/log/retention', {
    onRequest: app.authorize('log:retention'),
    schema: {
      body: z
        .object({ days: z.number().int().min(MIN_RETENTION_DAYS, `must be at least ${MIN_RETENTION_DAYS} days`).max(3650).nullable() })
        .strict(),
      response: { 200: RetentionReply, ...errors },
    },
    handler: async (req) => setLogRetention(app, req.principal, req.body.days),
  });

  app.post('/v1/customers/:customerId/erase', {
    onRequest: app.authorize('customer:erase'),
    schema: { params: z.object({ customerId: Id }), response: { 200: ErasureReply, ...errors } },
    handler: async (req) => {
      // The erasure, its request's receipt and the audit entry: all stored together, or none. A repeat answers with the stored receipt.
      const done = await runErasure(app, req.principal, req.params.customerId, req.log);
      // The log receipt as before, with the request that now records it.
      return { ...done.logEntry, erasureRequest: done.request };
    },
  });
};
export default route;
