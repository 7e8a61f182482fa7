import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/events';
import type { Config } from '../../config';
import { allowedOrigin } from './cors';
import type { Principal } from '../app/auth';

export interface SocketData {
  principal: Principal;
  /** interactionId → customerId (null when the requester was unknown) */
  interactions: Map<string, string | null>;
}
export type LeewayServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: LeewayServer;
  }
}

/** socket.io on the same HTTP server as the REST API; closed with the app. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const io: LeewayServer = new Server(app.server, {
      cors: { origin: (origin, cb) => cb(null, allowedOrigin(config, origin)) },
      // Payloads are small; anything bigger is hostile.
      maxHttpBufferSize: 64 * 1024,
    });
    app.decorate('io', io);
    app.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
    });
    app.addHook('onClose', async () => {
      await io.close();
    });
  },
  { name: 'socket-io' },
);
