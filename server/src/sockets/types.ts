/** The socket server's types, apart from the plugin that builds it, so handlers and helpers import them without a cycle. */
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events';
import type { Principal } from '../plugins/app/auth';

export interface SocketData {
  principal: Principal;
  /** interactionId → customerId (null when the requester was unknown) */
  interactions: Map<string, string | null>;
  /** Records the extension's outbox holds, not yet stored here (from `client:stats`). */
  outboxDepth?: number;
}
export type LeewayServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
