import type Database from 'better-sqlite3';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { faultCode } from '../db/errors';
import { storageProblem } from '../db/storage';

const ReadyReply = z.object({
  status: z.enum(['ready', 'not ready']),
  /** Why not, in words: draining, or what the database answered. */
  reason: z.string().optional(),
});

/** How long the write check may wait for another process's write lock, instead of the usual 5 s. */
const LOCK_WAIT_MS = 250;

/**
 * GET /ready: may a load balancer send traffic here? Yes when the database answers a read and
 * would take a write (`BEGIN IMMEDIATE` takes the write lock, `ROLLBACK` releases it: nothing
 * is written), and the server is not draining for a shutdown. 503 with the reason otherwise.
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/ready', {
    config: { public: 'load balancers and orchestrators probe it; answers no tenant data' },
    schema: {
      summary: 'Readiness: the database reads and takes writes, and the server is not draining',
      tags: ['operations'],
      response: { 200: ReadyReply, 503: ReadyReply },
    },
    handler: async (_req, reply) => {
      const reason = app.draining ? 'draining: the server is shutting down' : databaseProblem(app.db.sqlite);
      if (reason) return reply.code(503).send({ status: 'not ready', reason });
      return { status: 'ready' as const };
    },
  });
};
export default route;

function databaseProblem(sqlite: Database.Database): string | null {
  try {
    sqlite.prepare('select 1').get();
  } catch (e) {
    return `database: cannot read (${faultCode(e) ?? (e as Error).message})`;
  }
  const storage = storageProblem(sqlite.name); // disk full or read-only: a rolled-back BEGIN below cannot see it
  if (storage) return storage;
  // Every write here is synchronous, so no transaction is open between requests; never disturb one that is.
  if (sqlite.inTransaction) return null;
  const wait = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return null;
  } catch (e) {
    return `database: cannot write (${faultCode(e) ?? (e as Error).message})`;
  } finally {
    sqlite.pragma(`busy_timeout = ${wait}`);
  }
}
