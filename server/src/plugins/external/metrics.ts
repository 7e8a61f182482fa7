import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { recordSocketEvents } from '../../sockets/event-metrics';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry (one per app: tests build several in one process). */
    metrics: Registry;
  }
}

/**
 * Prometheus metrics, served by routes/metrics.ts. Counts and durations only: labels are
 * methods, route patterns (never a raw URL), status codes, event names and outcomes —
 * no tenant, user or customer ever becomes a label.
 */
export default fp(
  async (app) => {
    const register = new Registry();
    app.decorate('metrics', register);
    // Memory, CPU, handles, GC and event loop lag of this process.
    collectDefaultMetrics({ register });

    const http = new Histogram({
      name: 'leeway_http_request_duration_seconds',
      help: 'REST request duration, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [register],
    });
    app.addHook('onResponse', async (req, reply) => {
      http.observe(
        { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
        reply.elapsedTime / 1000,
      );
    });

    const events = new Histogram({
      name: 'leeway_socket_event_duration_seconds',
      help: 'Client→server socket event duration, by event and outcome (ok, refused: invalid, not allowed or limited, error: server fault)',
      labelNames: ['event', 'outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [register],
    });
    recordSocketEvents(app.io, (event, outcome, seconds) => events.observe({ event, outcome }, seconds));

    const sockets = () => app.io.of('/').sockets.values();
    new Gauge({
      name: 'leeway_connected_sockets',
      help: 'Sockets connected to this server',
      registers: [register],
      collect() {
        this.set(app.io.of('/').sockets.size);
      },
    });
    new Gauge({
      name: 'leeway_extension_outbox_depth',
      help: 'Resolution records waiting in the outboxes of connected extensions, as each last reported',
      registers: [register],
      collect() {
        let depth = 0;
        for (const s of sockets()) depth += (s.data as { outboxDepth?: number }).outboxDepth ?? 0;
        this.set(depth);
      },
    });
    new Gauge({
      name: 'leeway_pending_exceptions',
      help: 'Exception requests waiting for a decision, all tenants summed',
      registers: [register],
      async collect() {
        this.set(await app.repos.exceptions.countPending());
      },
    });
  },
  { name: 'metrics', dependencies: ['db', 'socket-io'] },
);
