import { createAdapter } from '@socket.io/redis-streams-adapter';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { Config } from '../../config';
import { resumeOnlyLiveSessions } from '../../lifecycle/recovery';
import { socketWork } from '../../lifecycle/socket-work';
import { capSocketsPerSession } from '../../sockets/session-cap';
import { allowedOrigin } from './cors';
import { streamReadsFromStart } from './stream-reads-from-start';
import type { LeewayServer } from '../../sockets/types';

export type { LeewayServer, SocketData } from '../../sockets/types';

declare module 'fastify' {
  interface FastifyInstance {
    io: LeewayServer;
    /** True from the moment a graceful shutdown starts: /ready says no, socket handshakes are refused. */
    draining: boolean;
  }
}

/** How long a dropped connection's rooms and missed broadcasts are kept for it to resume. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

/** socket.io on the same HTTP server as the REST API; drained and closed with the app. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const adapterRedis = app.redis && streamReadsFromStart(app.redis);
    const io: LeewayServer = new Server(app.server, {
      cors: { origin: (origin, cb) => cb(null, allowedOrigin(config, origin)) },
      // Payloads are small; anything bigger is hostile.
      maxHttpBufferSize: 64 * 1024,
      // A short drop (network blip, proxy restart) resumes the same session: rooms kept, missed
      // broadcasts replayed. The auth middleware still runs, so the token is checked again.
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
      // While draining, refuse at the transport level (HTTP 403): the client treats it as a
      // dropped connection and retries with backoff, where a middleware error would stop it.
      allowRequest: (_req, cb) => (app.draining ? cb('The server is restarting', false) : cb(null, true)),
      // Several processes: rooms, broadcasts, fetchSockets and resumable sessions go through a
      // Redis stream (not pub/sub, so a Redis blip loses no broadcast and recovery still works).
      ...(app.redis && {
        adapter: createAdapter(adapterRedis, {
          streamName: `${config.redisPrefix}socket.io`,
          channelPrefix: `${config.redisPrefix}socket.io`,
          sessionKeyPrefix: `${config.redisPrefix}sio:session:`,
          // The blocking read wakes on a message at once; this only bounds how long a stop waits for it.
          blockTimeInMs: 1000,
        }),
      }),
    });
    app.decorate('io', io);
    capSocketsPerSession(io, config.socketsPerSession);
    resumeOnlyLiveSessions(io, async (data) => !!data.principal && (await app.repos.sessions.state(data.principal.sessionId)) === 'live');
    app.addHook('preClose', async () => {
      // Let running handlers finish (their writes land, their acks go out), then drop every
      // transport without a "disconnect" packet, so clients reconnect by themselves.
      await socketWork(io).drain();
      // Cut, not closed: engine.close() alone starts each websocket's close handshake, which waits
      // up to 30 s for the peer's answer, and misses a websocket still in its own handshake.
      app.connections.cutUpgraded();
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await io.close();
      adapterRedis?.disconnect();
    });
  },
  { name: 'socket-io', dependencies: ['db', 'redis'] },
);
