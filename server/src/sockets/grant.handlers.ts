import type { FastifyInstance } from 'fastify';
import { GrantBody } from '../../../shared/schemas/grants';
import type { LeewayServer } from '../plugins/external/socket-io';
import { recordGrant } from '../services/grants';
import { handle } from './handle';

type LeewaySocket = Parameters<Parameters<LeewayServer['on']>[1]>[0];

/** grant:record: the panel records what the agent granted; the server decides. */
export function registerGrantHandlers(app: FastifyInstance, socket: LeewaySocket) {
  handle(socket as never, app.log, 'grant:record', { schema: GrantBody, permission: 'grant:record' }, (body) =>
    recordGrant(app, socket.data.principal, body),
  );
}
