import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id } from '../../../shared/schemas/common';
import { HelpdeskRef } from '../../../shared/schemas/helpdesk-ref';
import { ResolutionBody } from '../../../shared/schemas/resolutions';
import type { LeewayServer } from '../plugins/external/socket-io';
import { resolutionDraft, submitResolution } from '../services/resolutions';
import { handle } from './handle';

type LeewaySocket = Parameters<Parameters<LeewayServer['on']>[1]>[0];

/** Built once, not per connection: a schema per socket costs memory at thousands of agents. */
const DraftBody = z.object({ helpdesk: HelpdeskRef, ticketId: Id }).strict();

/** resolution:draft prefills the panel's form; resolution:submit is what the outbox sends. */
export function registerResolutionHandlers(app: FastifyInstance, socket: LeewaySocket) {
  const who = socket.data.principal;
  handle(socket as never, app.log, 'resolution:draft', { schema: DraftBody, permission: 'resolution:submit' }, ({ helpdesk, ticketId }) =>
    resolutionDraft(app, who, helpdesk, ticketId),
  );
  handle(socket as never, app.log, 'resolution:submit', { schema: ResolutionBody, permission: 'resolution:submit' }, (body) => submitResolution(app, who, body));
}
