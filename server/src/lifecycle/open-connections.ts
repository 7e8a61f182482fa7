import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Held {
  /** Handed over by an HTTP upgrade: a websocket, or one still in its handshake. */
  upgraded: boolean;
  /** The last request on it, as received (formatted only when described); none yet: never used. */
  last?: { method?: string; url?: string };
  since: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    connections: OpenConnections;
  }
}

export interface OpenConnections {
  /** Destroys every upgraded connection: websockets, including any whose handshake has not finished. */
  cutUpgraded(): number;
  /**
   * Destroys every connection that never carried a request (a browser's preconnect). Node counts
   * one as busy, not idle, until its headers timeout (60 s), so closeIdleConnections leaves it.
   */
  cutUnused(): number;
  /** What is still open, for the log when a shutdown runs out of time. */
  describe(): string[];
}

/**
 * Every TCP connection the HTTP server holds. A graceful shutdown waits for all of them to end;
 * socket.io's own list of clients misses a websocket still in its handshake (engine.io registers
 * it a few ticks after the upgrade), which would then hold the close past its grace.
 */
export function trackConnections(server: Server): OpenConnections {
  const open = new Map<Socket, Held>();
  server.on('connection', (socket: Socket) => {
    open.set(socket, { upgraded: false, since: Date.now() });
    socket.once('close', () => open.delete(socket));
  });
  // On every request: kept as received, nothing formatted here.
  const note = (socket: Socket, last: Held['last'], upgraded: boolean) => {
    const held = open.get(socket);
    if (!held) return;
    held.last = last;
    held.upgraded ||= upgraded;
  };
  server.on('request', (req) => note(req.socket, { method: req.method, url: req.url }, false));
  server.on('upgrade', (req, socket: Socket) => note(socket, { method: req.method, url: req.url }, true));
  /** Path only: a query may hold a token. */
  const requestOf = (h: Held) => (h.last ? `${h.last.method ?? '?'} ${(h.last.url ?? '').split('?')[0]}` : '(no request yet)');
  const cut = (which: (held: Held) => boolean) => {
    let n = 0;
    for (const [socket, held] of open)
      if (which(held)) {
        socket.destroy();
        n++;
      }
    return n;
  };
  return {
    cutUpgraded: () => cut((held) => held.upgraded),
    cutUnused: () => cut((held) => !held.last),
    describe: () =>
      [...open.values()].map(
        (h) => `${h.upgraded ? 'upgraded' : 'http'} ${requestOf(h)}, open ${Math.round((Date.now() - h.since) / 1000)} s`,
      ),
  };
}
