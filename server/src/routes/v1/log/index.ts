import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, Id } from '../../../../../shared/schemas/common';
import { tenantLock } from '../../../db/database';
import { MIN_RETENTION_DAYS, retentionFloor } from '../../../log/retention';
import { UserError } from '../../../errors';
import { eraseWithReceipt } from '../../../services/erasure-requests';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const Any = z.custom<object>((v) => typeof v === 'object' && v !== null);

/** The log's integrity, retention and erasure: auditors verify, admins configure and erase. */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/v1/log/verify', {
    onRequest: app.authorize('log:verify'),
    schema: { response: { 200: Any, ...errors } },
    handler: async (req) => app.repos.log.verify(req.principal.tenantId),
  });

  // For auditors' consoles, which keep the last checkpoint they saw and alarm when the log no longer extends it.
  app.get('/v1/log/checkpoints', {
    onRequest: app.authorize('log:verify'),
    schema: { querystring: z.object({ after: z.coerce.number().int().min(0).default(0) }).strict(), response: { 200: Any, ...errors } },
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
      response: { 200: Any, ...errors },
    },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      // The change, the pruning and its audit entry land together or not at all; the log's lock first, as prune takes it.
      return app.db.tx(
        async () => {
          const floor = await retentionFloor(app.db, tenantId);
          if (req.body.days !== null && req.body.days < floor.days) {
            throw new UserError(
              400,
              `days: must be at least ${floor.days} days: the policy in force (version ${floor.policyVersion}) sets the log's minimum retention; publish a policy with a lower logRetentionMinDays first if that is intended`,
            );
          }
          await app.repos.log.setRetention(tenantId, req.body.days);
          const pruned = await app.repos.log.prune(tenantId);
          await app.repos.audit.record(tenantId, userId, 'log.retention', 'log:retention', { days: req.body.days, pruned });
          return { days: req.body.days, pruned };
        },
        { lock: tenantLock(tenantId) },
      );
    },
  });

  app.post('/v1/customers/:customerId/erase', {
    onRequest: app.authorize('customer:erase'),
    schema: { params: z.object({ customerId: Id }), response: { 200: Any, ...errors } },
    handler: async (req) => {
      const { tenantId, userId } = req.principal;
      // The erasure, its request's receipt and the audit entry: all stored together, or none. A repeat answers with the stored receipt.
      const done = await app.db.tx(
        async () => {
          const done = await eraseWithReceipt(app, req.principal, req.params.customerId);
          if (done.fresh)
            await app.repos.audit.record(tenantId, userId, 'customer.erase', `customer:${req.params.customerId}`, {
              logEntryId: done.logEntry.id,
              seq: done.logEntry.seq,
            });
          return done;
        },
        { lock: tenantLock(tenantId) },
      );
      // Committed: now out of the files' older copies too.
      if (done.fresh && !(await app.db.afterErasure()))
        req.log.warn(
          { customerId: req.params.customerId },
          `erasure committed, but ${app.db.dialect === 'postgres' ? 'customer_keys could not be rewritten (a lock or an older snapshot held it): its pages may keep the key row until the next erasure or VACUUM (FULL) customer_keys' : 'the SQLite WAL could not be truncated (another reader): it still holds erased pages until the next checkpoint'}`,
        );
      // The log receipt as before, with the request that now records it.
      return { ...done.logEntry, erasureRequest: done.request };
    },
  });
};
export default route;
