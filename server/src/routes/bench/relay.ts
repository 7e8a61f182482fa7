import type { FastifyPluginAsync } from 'fastify';
import { pushCustomerEvent } from '../../sockets/push';

/**
 * Benchmark floor only (LEEWAY_BENCH_RELAY=1): forwards the body to the customer's room
 * with no auth, validation, storage or lookup, so `npm run bench` can show what Leeway's
 * own work costs on top of HTTP → socket.io → page. Never registered otherwise.
 */
const route: FastifyPluginAsync = async (app) => {
  app.post(
    '/bench/relay/:tenantId/:customerId',
    { config: { public: 'benchmark floor, registered only with LEEWAY_BENCH_RELAY=1' } },
    async (req) => {
      const { tenantId, customerId } = req.params as { tenantId: string; customerId: string };
      pushCustomerEvent(app, tenantId, { customerId, event: req.body as never });
      return { ok: true };
    },
  );
};
export default route;
