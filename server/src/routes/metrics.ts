import type { FastifyPluginAsync } from 'fastify';
import { requireOperatorToken } from '../auth/operator-token';
import type { Config } from '../config';

/**
 * GET /metrics: Prometheus text format (plugins/external/metrics.ts says what is counted).
 * With LEEWAY_METRICS_TOKEN set, the scraper sends it as a bearer token. Without it, public in
 * development like the probes, and not served in production, where the address may be reachable by anyone.
 */
const route: FastifyPluginAsync<{ config: Pick<Config, 'metricsToken' | 'production'> }> = async (app, { config }) => {
  if (config.production && !config.metricsToken) return;
  const guard = config.metricsToken
    ? requireOperatorToken(config.metricsToken, 'Metrics require "Authorization: Bearer <LEEWAY_METRICS_TOKEN>"')
    : null;
  app.get('/metrics', {
    config: {
      public:
        'scraped by Prometheus; counts only, no tenant data (LEEWAY_METRICS_TOKEN requires a bearer token; production serves it only then)',
    },
    schema: {
      summary: 'Prometheus metrics (text exposition format)',
      description:
        'Request and socket-event latency, connected sockets, pending exceptions, extension outbox depth, process metrics. Requires `Authorization: Bearer <LEEWAY_METRICS_TOKEN>` when that is set; in production it is served only then.',
      tags: ['operations'],
      ...(guard ? { security: [{ metricsToken: [] }] } : {}),
    },
    handler: async (req, reply) => {
      await guard?.(req);
      reply.type(app.metrics.contentType);
      return app.metrics.metrics();
    },
  });
};
export default route;
