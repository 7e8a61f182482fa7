import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { trackConnections } from './open-connections';

let server: Server;
afterEach(() => server?.close());

async function listen() {
  server = createServer((_req, res) => res.end('ok'));
  const tracked = trackConnections(server);
  // An upgrade whose handshake never completes: the moment before engine.io would register it.
  server.on('upgrade', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { tracked, port: (server.address() as { port: number }).port };
}

async function send(port: number, lines: string[]): Promise<Socket> {
  const sock = connect({ host: '127.0.0.1', port });
  sock.on('error', () => {});
  await once(sock, 'connect');
  if (lines.length) sock.write([...lines, '', ''].join('\r\n'));
  return sock;
}

const upgrade = ['GET /socket.io/?EIO=4&transport=websocket&token=secret HTTP/1.1', 'Host: x', 'Upgrade: websocket', 'Connection: Upgrade'];

describe('the connections a shutdown waits for', () => {
  it('cuts a websocket still in its handshake, and only upgraded connections', async () => {
    const { tracked, port } = await listen();
    const ws = await send(port, upgrade);
    const http = await send(port, ['GET /health HTTP/1.1', 'Host: x']);
    await once(http, 'data'); // answered, kept alive
    await expect.poll(() => tracked.describe().some((d) => d.startsWith('upgraded'))).toBe(true);

    const closed = once(ws, 'close');
    expect(tracked.cutUpgraded()).toBe(1);
    await closed;
    await expect.poll(() => tracked.describe()).toEqual([expect.stringMatching(/^http GET \/health, open \d+ s$/)]);
    http.destroy();
  });

  it('cuts the connections that never carried a request, and only those', async () => {
    const { tracked, port } = await listen();
    const unused = await send(port, []);
    const used = await send(port, ['GET /health HTTP/1.1', 'Host: x']);
    await once(used, 'data');
    await expect.poll(() => tracked.describe().length).toBe(2);
    const closed = once(unused, 'close');
    expect(tracked.cutUnused()).toBe(1);
    await closed;
    await expect.poll(() => tracked.describe()).toEqual([expect.stringMatching(/^http GET \/health/)]);
    used.destroy();
  });

  it('names each open connection by its last request, without the query', async () => {
    const { tracked, port } = await listen();
    const ws = await send(port, upgrade);
    await expect.poll(() => tracked.describe()).toEqual([expect.stringMatching(/^upgraded GET \/socket\.io\/, open \d+ s$/)]);
    expect(tracked.describe().join()).not.toContain('secret');
    tracked.cutUpgraded();
    await once(ws, 'close');
    await expect.poll(() => tracked.describe()).toEqual([]);
  });
});
