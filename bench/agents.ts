/**
 * Other agents, in their own process so their client-side work does not share a CPU
 * queue with the measuring process: `node --import tsx bench/agents.ts <serverUrl> <count>`.
 * Signs in once per ten sockets (the server's per-sign-in cap), connects <count> sockets in batches, has each open a ticket of a demo
 * customer other than the measured one, prints "ready" and stays until killed.
 */
import { io, type Socket } from 'socket.io-client';
import { tokenPerGroup } from './sign-ins';

const [url, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!url || !Number.isInteger(count) || count < 0) {
  console.error('usage: agents.ts <serverUrl> <count>');
  process.exit(2);
}
const BATCH = 50;
const EMAILS = ['marco.rossi@example.com', 'priya@example.com', 'sam.okafor@example.com'];
const sockets: Socket[] = [];

async function connectOne(token: string, n: number): Promise<void> {
  // forceNew: one real connection per agent, not multiplexed over a shared manager.
  const s = io(url!, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(s);
  await new Promise<void>((res, rej) => {
    s.once('connect', () => res());
    s.once('connect_error', (e) => rej(new Error(`socket ${n}: ${e.message}`)));
  });
  const ack = (await s.timeout(20_000).emitWithAck('interaction:open', {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: String(1000 + n),
    requester: { email: EMAILS[n % EMAILS.length] },
  })) as { error?: string };
  if (ack.error) throw new Error(`socket ${n}: interaction:open: ${ack.error}`);
}

async function main() {
  const tokenFor = tokenPerGroup(url!);
  for (let i = 0; i < count; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, async (_, j) => connectOne(await tokenFor(i + j), i + j)));
  }
  console.log('ready');
}

const stop = () => {
  for (const s of sockets) s.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
// Keep the process alive even if every socket dropped: the parent decides when we end.
setInterval(() => {}, 1 << 30);
