import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';

export type LeewaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket to the server, authenticated with the signed token. WebSocket only: a
 * service worker has no XMLHttpRequest for long-polling. Reconnects by itself with
 * jittered backoff.
 */
export function connectSocket(serverUrl: string, token: string): LeewaySocket {
  return io(serverUrl, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
  });
}
