/** The socket server's types, apart from the plugin that builds it, so handlers and helpers import them without a cycle. */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';
import type { Requester } from '@shared/schemas/context';
import type { Principal } from '../plugins/app/auth';
import type { Spenders } from '../repositories/grants';

/** An interaction this connection opened, as long as it is open. */
export interface OpenInteraction {
  /** null when the requester was unknown (or a conflict). */
  customerId: string | null;
  /** The ticket it is about (known customers only), for ticket-specific signals. */
  ticketRef?: string;
  /** The requester an open found nobody for: customer:link adds these identities, never ones a client names. */
  unknownRequester?: Requester;
}

export interface SocketData {
  principal: Principal;
  /**
   * interactionId → what it was opened on. One map, whose entry goes when the interaction closes:
   * thousands of connections each hold it (bench/soak.ts), and a day's tickets pass through it.
   */
  interactions: Map<string, OpenInteraction>;
  /** Records the extension's outbox holds, not yet stored here (from `client:stats`). */
  outboxDepth?: number;
}
/** Between server processes (through the Redis adapter): a customer, or a tenant's offers or policy, changed, so each recomputes its own panels' suggestions. */
interface InterServerEvents {
  'recommendations:changed': (tenantId: string, customerId: string) => void;
  'recommendations:tenant-changed': (tenantId: string) => void;
  'recommendations:spent': (tenantId: string, customerId: string, by: Spenders) => void;
}
export type LeewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
/** One client's connection, as the server sees it. */
export type LeewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
