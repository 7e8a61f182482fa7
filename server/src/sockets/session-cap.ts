/**
 * At most `perSession` sockets per sign-in, counted over every server process (fetchSockets on
 * the session's room goes through the adapter): a stolen or runaway token cannot hold open
 * connections without end. A handshake past the cap is refused; handshakes that raced past the
 * check together are trimmed right after they connect, the latest first, alike on every process.
 */
import { sessionRoom } from './rooms';
import type { LeewayServer, LeewaySocket } from './types';

// Keyed by the socket.io server: tests run several apps in one process.
const caps = new WeakMap<object, number>();

export function capSocketsPerSession(io: LeewayServer, perSession: number): void {
  caps.set(io, perSession);
}

export const tooManySocketsMessage = (cap: number) =>
  `This sign-in already has ${cap} connection${cap === 1 ? '' : 's'} open, the most one sign-in may have: close a Leeway tab or window you no longer use, then reconnect`;

/** Why this handshake is refused (its session is at the cap), or null. Connected sockets only: this one is not among them yet. */
export async function sessionCapRefusal(io: LeewayServer, sessionId: string): Promise<string | null> {
  const cap = caps.get(io);
  if (cap === undefined) return null;
  const open = await io.in(sessionRoom(sessionId)).fetchSockets();
  return open.length >= cap ? tooManySocketsMessage(cap) : null;
}

/** Once connected: disconnects the session's sockets past the cap, by handshake time then id, whichever process holds them. */
export async function trimSessionToCap(io: LeewayServer, socket: LeewaySocket): Promise<void> {
  const cap = caps.get(io);
  if (cap === undefined) return;
  const room = sessionRoom(socket.data.principal.sessionId);
  await socket.join(room);
  const open = await io.in(room).fetchSockets();
  if (open.length <= cap) return;
  open.sort((a, b) => a.handshake.issued - b.handshake.issued || (a.id < b.id ? -1 : 1));
  for (const extra of open.slice(cap)) extra.disconnect(true);
}
