import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';

export type LeewaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket to the server, authenticated with the current access token. WebSocket only: a
 * service worker has no XMLHttpRequest for long-polling. Reconnects by itself with
 * jittered backoff.
 */
export function connectSocket(serverUrl: string, token: () => Promise<string | null>): LeewaySocket {
  return io(serverUrl, {
    // A callback, asked on every attempt: a reconnect after the token's expiry carries a renewed one.
    auth: (cb) =>
      void token().then(
        (t) => cb(t ? { token: t } : {}),
        () => cb({}),
      ),
    transports: ['websocket'],
    // Exponential from 0.5 s to 10 s, each delay ±50 % at random: after a restart the agents
    // come back spread out, not all in the same instant.
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
  });
}
