import type { FastifyInstance } from 'fastify';
import { sessionRoom } from './rooms';
import { createSessionEnds } from './session-ends';
import type { LeewaySocket } from './types';

/** Every connection of this process, by when its session ends (one timer for them all). */
const ends = createSessionEnds<LeewaySocket>((socket) => socket.disconnect(true));

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
  ends.add(socket, endsAt);
}

/** On disconnect (index.ts's shared listener): the session's end no longer concerns this connection, and must not hold it. */
export function forgetSessionEnd(socket: LeewaySocket): void {
  ends.forget(socket);
}
