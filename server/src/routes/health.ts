import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * GET /health: liveness. The process answers, nothing more: it touches no database, so a
 * database problem shows in /ready (stop sending traffic) rather than here (restart me).
 */
const route: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    config: { public: 'load balancers probe it; answers no tenant data' },
    schema: {
      summary: 'Liveness: the process answers',
      tags: ['operations'],
      response: { 200: z.object({ status: z.literal('ok'), sockets: z.number().int().describe('sockets connected to this server') }) },
    },
    handler: async () => ({ status: 'ok' as const, sockets: app.io.engine.clientsCount }),
  });
};
export default route;
