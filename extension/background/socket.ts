import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';

export type LeewaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a call to the server (a panel's, the side panel's, the outbox's) waits for its answer. */
export const CALL_TIMEOUT_MS = 8000;

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

/**
 * The socket's calls with a timeout, taken at the emit. socket.io's `timeout(ms)` sets a flag on the
 * socket itself, for its next emit whoever makes it: taken earlier by a call that then returns without
 * sending, it is left for another's (a plain emit's ack is then handed an error argument first, so its
 * answer reads as null). Every timed call goes through here or takes `timeout()` in the emit's own expression.
 */
export function timedCalls(socket: LeewaySocket, ms: number): Pick<ReturnType<LeewaySocket['timeout']>, 'emitWithAck'> {
  type Untyped = { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  const emitWithAck = (event: string, ...args: unknown[]) => (socket.timeout(ms) as unknown as Untyped).emitWithAck(event, ...args);
  return { emitWithAck: emitWithAck as ReturnType<LeewaySocket['timeout']>['emitWithAck'] };
}
