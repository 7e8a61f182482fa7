/**
 * A TCP proxy in front of the server, so a test can drop the network under a live connection
 * (every connection cut, new ones refused) and bring it back, with neither side told.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  url: string;
  /** Cut every connection and refuse new ones, as a network outage would. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let isDown = false;
  const server = createServer((client) => {
    if (isDown) return void client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    // One side gone (or the server not listening): the other goes too, like a real connection.
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    down() {
      isDown = true;
      for (const s of open) s.destroy();
    },
    up() {
      isDown = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
