import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notReadyReason } from '../services/health';

const ReadyReply = z.object({
  status: z.enum(['ready', 'not ready']),
  /** Why not, in words: draining, or what the database answered. */
  reason: z.string().optional(),
});

/**
 * GET /ready: may a load balancer send traffic here? Yes when the database answers a read and
 * would take a write (SQLite: the write lock taken and released unwritten, and disk space;
 * PostgreSQL: an answer within a second from a primary, not a read-only standby), and the
 * server is not draining for a shutdown. 503 with the reason otherwise.
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
      const reason = await notReadyReason(app);
      if (reason) return reply.code(503).send({ status: 'not ready', reason });
      return { status: 'ready' as const };
    },
  });
};
export default route;
