import type { FastifyInstance } from 'fastify';
import { sessionRoom } from './rooms';
import type { LeewaySocket } from './types';

/** setTimeout's longest delay; a session longer than ~24 days is re-checked then. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Ties a connection to its session: it joins the session's room (signing out disconnects the
 * room), and it is disconnected when the session ends by time, since a live socket is never
 * asked for its token again.
 */
export async function bindToSession(app: FastifyInstance, socket: LeewaySocket): Promise<void> {
  const { sessionId } = socket.data.principal;
  await socket.join(sessionRoom(sessionId));
  // A sign-out, deactivation or change of role between the handshake's check and the join above would have missed this socket.
  const now = await app.repos.sessions.check(sessionId);
  if (now.state !== 'live' || now.role !== socket.data.principal.role) return void socket.disconnect(true);
  const endsAt = await app.repos.sessions.expiresAt(sessionId);
  if (endsAt === null || !socket.connected) return;
  // The socket rides as the timer's argument, not in a closure: nothing is built per connection but the timer.
  timers.set(socket, setTimeout(disconnectNow, Math.min(Math.max(0, endsAt - Date.now()), MAX_DELAY), socket));
}

/** Each connection's end-of-session timer, dropped with the connection (index.ts's disconnect listener clears it). */
const timers = new WeakMap<LeewaySocket, NodeJS.Timeout>();

const disconnectNow = (socket: LeewaySocket) => socket.disconnect(true);

/** On disconnect: the session's end no longer concerns this connection, and the timer must not hold it. */
export function clearSessionTimer(socket: LeewaySocket): void {
  clearTimeout(timers.get(socket));
  timers.delete(socket);
}
