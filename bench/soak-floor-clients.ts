/**
 * The floor's clients, in their own process as the soak's are: `node --import tsx
 * bench/soak-floor-clients.ts <url> <count> <rooms>` connects <count> websocket clients in
 * batches, each joining room `customer-<i % rooms>`, prints "ready" and stays until killed.
 */
import { io, type Socket } from 'socket.io-client';

const [url, countArg, roomsArg] = process.argv.slice(2);
const count = Number(countArg);
const rooms = Number(roomsArg);
if (!url || !Number.isInteger(count) || !Number.isInteger(rooms) || rooms < 1) {
  console.error('usage: soak-floor-clients.ts <url> <count> <rooms>');
  process.exit(2);
}
const BATCH = 50;
const sockets: Socket[] = [];

async function connectOne(i: number) {
  const s = io(url!, { transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(s);
  await new Promise<void>((res, rej) => s.once('connect', () => res()).once('connect_error', rej));
  await s.timeout(30_000).emitWithAck('join', `customer-${i % rooms}`);
}

async function main() {
  for (let i = 0; i < count; i += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => connectOne(i + j)));
  console.log('ready');
}

const stop = () => {
  for (const s of sockets) s.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
setInterval(() => {}, 1 << 30); // the parent decides when we end
