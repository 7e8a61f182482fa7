/**
 * The floor for the soak's memory per socket: a bare socket.io server, no app. Each client
 * asks to join a room (its customer's, as a Leeway agent's socket does) and is answered when
 * it is in. Same socket.io options that matter as Leeway's (websocket, default buffers).
 * Run by bench/soak-floor.ts: `node --import tsx bench/soak-floor-server.ts`; prints its URL.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { maxHttpBufferSize: 64 * 1024 });
io.on('connection', (socket) => {
  socket.on('join', (room: unknown, ack: unknown) => {
    if (typeof room !== 'string' || typeof ack !== 'function') return;
    void socket.join(room);
    ack(true);
  });
});
http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as { port: number };
  console.log(`floor listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => {
  io.close();
  process.exit(0);
});
