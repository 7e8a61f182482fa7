import type { FastifyInstance } from 'fastify';
import { socketWork } from './socket-work';

/**
 * Graceful shutdown, bounded by `graceMs`. In order:
 * 1. draining: /ready says 503, new socket handshakes are refused (clients retry with backoff);
 * 2. `app.close()`: new requests get 503 and no new connections are accepted; running socket
 *    handlers finish, then every socket's transport is dropped (clients reconnect by themselves);
 *    in-flight requests finish; the SLA sweep stops; socket.io closes; the database checkpoints
 *    its WAL and closes.
 * Resolves to the exit code: 0 when all of that finished in time, 1 otherwise.
 */
export async function shutdown(app: FastifyInstance, { signal, graceMs }: { signal: string; graceMs: number }): Promise<0 | 1> {
  app.log.info({ signal, graceMs }, 'draining: finishing requests and socket handlers before closing');
  app.draining = true;
  let timer: NodeJS.Timeout | undefined;
  // A connection busy when closing began goes idle once answered (drain-http.ts asks it to close),
  // but one that does not (a client ignoring "connection: close") would hold the close until its
  // keep-alive timeout, past the grace: idle connections are cut as they appear, never a busy one.
  // So are connections that never carried a request (a browser's preconnect): Node counts them busy.
  const sweep = setInterval(() => {
    app.server.closeIdleConnections?.();
    app.connections.cutUnused();
  }, 200);
  const late = new Promise<1>((resolve) => {
    timer = setTimeout(() => {
      const work = socketWork(app.io);
      app.server.getConnections((_err, openConnections) => {
        app.log.error(
          { graceMs, socketHandlersInFlight: work.inFlight, openConnections, open: app.connections.describe() },
          `shutdown did not finish within LEEWAY_SHUTDOWN_GRACE_MS (${graceMs} ms): exiting with what is unfinished`,
        );
        resolve(1);
      });
    }, graceMs);
  });
  const closed = app.close().then(
    () => 0 as const,
    (err: unknown) => {
      app.log.error({ err }, 'shutdown failed');
      return 1 as const;
    },
  );
  const code = await Promise.race([closed, late]);
  clearTimeout(timer);
  clearInterval(sweep);
  if (code === 0) app.log.info('closed cleanly');
  return code;
}
