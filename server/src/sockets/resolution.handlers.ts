import type { FastifyInstance } from 'fastify';
import { DraftBody, ResolutionBody } from '../../../shared/schemas/resolutions';
import type { LeewayServer } from '../plugins/external/socket-io';
import { resolutionDraft, submitResolution } from '../services/resolutions';
import { handle } from './handle';

type LeewaySocket = Parameters<Parameters<LeewayServer['on']>[1]>[0];

/** resolution:draft prefills the panel's form; resolution:submit is what the outbox sends. */
export function registerResolutionHandlers(app: FastifyInstance, socket: LeewaySocket) {
  const who = socket.data.principal;
  handle(socket as never, app.log, 'resolution:draft', { schema: DraftBody, permission: 'resolution:submit' }, (body) =>
    resolutionDraft(app, who, body),
  );
  handle(socket as never, app.log, 'resolution:submit', { schema: ResolutionBody, permission: 'resolution:submit' }, (body) =>
    submitResolution(app, who, body),
  );
}
