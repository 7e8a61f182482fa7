import type { Server } from 'socket.io';
import type { SocketData } from '../sockets/types';
import { customerRoom } from '../sockets/rooms';

/**
 * A connection resumed after a short drop gets back its rooms and the broadcasts it missed.
 * Its interactions were closed when it dropped, so its customer rooms are stale: the extension
 * opens what it still shows again. Duty rooms are rejoined from the database by the exception
 * handlers, in case duty changed meanwhile. Call before registering handlers.
 */
export function forgetStaleRooms(socket: { recovered: boolean; rooms: Set<string>; leave(room: string): unknown; data: SocketData }) {
  if (!socket.recovered) return;
  const { tenantId } = socket.data.principal;
  const stale = [customerRoom(tenantId, ''), `t:${tenantId}:duty:`];
  for (const room of [...socket.rooms]) if (stale.some((prefix) => room.startsWith(prefix))) void socket.leave(room);
}

/**
 * socket.io writes a resumed session's missed broadcasts while it builds the socket, before the
 * auth middleware runs. So a session is resumed only while its sign-in is still live: one signed
 * out, expired or deactivated during the drop starts fresh, and the middleware refuses it.
 */
export function resumeOnlyLiveSessions(io: Server, isLive: (data: SocketData) => Promise<boolean>) {
  const adapter = io.of('/').adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    // null is how the adapter says "no session" (its declared type omits it). If the check fails, socket.io starts fresh.
    return session && !(await isLive(session.data as SocketData)) ? (null as never) : session;
  };
}
