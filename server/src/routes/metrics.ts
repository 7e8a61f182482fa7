import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config';
import { unauthorized } from '../errors';

/**
 * GET /metrics: Prometheus text format (plugins/external/metrics.ts says what is counted).
 * Public like the probes, unless LEEWAY_METRICS_TOKEN is set: then the scraper sends it.
 */
const route: FastifyPluginAsync<{ config: Pick<Config, 'metricsToken'> }> = async (app, { config }) => {
  const expected = config.metricsToken ? Buffer.from(`Bearer ${config.metricsToken}`) : null;
  app.get('/metrics', {
    config: { public: 'scraped by Prometheus; counts only, no tenant data (LEEWAY_METRICS_TOKEN requires a bearer token)' },
    schema: {
      summary: 'Prometheus metrics (text exposition format)',
      description: 'Request and socket-event latency, connected sockets, pending exceptions, extension outbox depth, process metrics. Requires `Authorization: Bearer <LEEWAY_METRICS_TOKEN>` when that is set.',
      tags: ['operations'],
      ...(expected ? { security: [{ metricsToken: [] }] } : {}),
    },
    handler: async (req, reply) => {
      if (expected) {
        const given = Buffer.from(req.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized('Metrics require "Authorization: Bearer <LEEWAY_METRICS_TOKEN>"');
      }
      reply.type(app.metrics.contentType);
      return app.metrics.metrics();
    },
  });
};
export default route;
