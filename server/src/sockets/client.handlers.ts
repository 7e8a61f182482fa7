import type { FastifyInstance } from 'fastify';
import { ClientStats } from '../../../shared/schemas/client-stats';
import type { LeewayServer } from '../plugins/external/socket-io';
import { handle } from './handle';

type LeewaySocket = Parameters<Parameters<LeewayServer['on']>[1]>[0];

/** client:stats: the extension reports its outbox depth; kept on the connection for the metrics. */
export function registerClientHandlers(app: FastifyInstance, socket: LeewaySocket) {
  handle(socket as never, app.log, 'client:stats', { schema: ClientStats, permission: 'client:stats' }, async ({ outboxDepth }) => {
    socket.data.outboxDepth = outboxDepth;
    return { outboxDepth };
  });
}
