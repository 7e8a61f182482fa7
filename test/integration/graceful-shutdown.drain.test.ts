/**
 * SIGTERM on the real server process while something is still in flight: a request that is still
 * arriving finishes, a stalled websocket or an unused connection cannot hold the shutdown, and a request that never
 * finishes cannot hold the process past LEEWAY_SHUTDOWN_GRACE_MS; a second signal stops it at once.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { connect as connectTcp, type Socket as TcpSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exited, resolution, rowsByKey, signIn, useServers } from '../support/shutdown';

const start = useServers();

describe('graceful shutdown', () => {
  it('lets a request that is still arriving finish, then closes its keep-alive connection', async () => {
    const server = await start();
    const token = await signIn(server.url, 'agent@acme.test');
    const body = JSON.stringify(resolution(randomUUID(), 0));
    const { port } = new URL(server.url);
    // Headers and half the body now, the rest once the server is draining. Kept alive, as a reverse proxy's connection is.
    const agent = new Agent({ keepAlive: true });
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/resolutions',
      agent,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    const answer = new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    await once(req, 'continue'); // the server has the request
    req.write(body.slice(0, 20));

    const exit = exited(server);
    server.child.kill('SIGTERM');
    // Draining: new requests are refused (503 or no connection) while ours is still open.
    await expect
      .poll(() =>
        fetch(`${server.url}/health`).then(
          (r) => r.status,
          () => 0,
        ),
      )
      .not.toBe(200);
    req.end(body.slice(20));
    const res = await answer;
    expect(res).toEqual({ status: 201, connection: 'close' });
    // Exits 0: the connection did not hold it until the grace period ran out.
    expect(await exit).toBe(0);
    agent.destroy();
    expect((await rowsByKey(server.target)).get(JSON.parse(body).idempotencyKey)).toBe(1);
  });

  it('exits 0 when a websocket client never answers the close handshake (a stalled browser cannot hold the shutdown)', async () => {
    // The close handshake would wait 30 s for an answer; the grace here is 3 s.
    const server = await start({ env: { LEEWAY_SHUTDOWN_GRACE_MS: '3000' } });
    const silent = await silentWebSocket(server);
    const exit = exited(server);
    server.child.kill('SIGTERM');
    expect(await exit, server.output().slice(-2000)).toBe(0);
    silent.destroy();
  });

  it('exits 0 when a client holds a connection it never sent a request on (a browser preconnects one)', async () => {
    // Node counts such a connection busy until its headers timeout (60 s): it held a restart past its grace.
    const server = await start({ env: { LEEWAY_SHUTDOWN_GRACE_MS: '3000' } });
    const { port } = new URL(server.url);
    const unused = connectTcp({ host: '127.0.0.1', port: Number(port) });
    unused.on('error', () => {});
    await once(unused, 'connect');
    const exit = exited(server);
    server.child.kill('SIGTERM');
    expect(await exit, server.output().slice(-2000)).toBe(0);
    unused.destroy();
  });

  it('exits 1 with a log line when something does not finish within LEEWAY_SHUTDOWN_GRACE_MS', async () => {
    const server = await start({ env: { LEEWAY_SHUTDOWN_GRACE_MS: '1000' } });
    const req = await requestWithoutBody(server);
    const exit = exited(server);
    server.child.kill('SIGTERM');
    expect(await exit).toBe(1);
    expect(server.output()).toContain('shutdown did not finish within LEEWAY_SHUTDOWN_GRACE_MS (1000 ms)');
    // And what it waited for, so the next one can be found.
    expect(server.output()).toMatch(/"open":\["http POST \/v1\/resolutions, open \d+ s"\]/);
    req.destroy();
  });

  it('stops at once on a second signal while draining, whichever signal it is', async () => {
    // A grace far beyond the test's timeout: only the second signal can end this process in time.
    const server = await start({ env: { LEEWAY_SHUTDOWN_GRACE_MS: '600000' } });
    const req = await requestWithoutBody(server);
    const exit = exited(server);
    server.child.kill('SIGTERM');
    // Draining has begun once the server stops being ready (503) or stops taking connections.
    const draining = () =>
      fetch(`${server.url}/ready`).then(
        (r) => r.status === 503,
        () => true,
      );
    await expect.poll(draining, { timeout: 10_000 }).toBe(true);
    server.child.kill('SIGINT');
    expect(await exit).toBe(1);
    expect(server.output()).toContain('second signal while draining: stopping now');
    req.destroy();
  });
});

/** A request whose body never comes, already in the server's hands: a drain cannot finish it. */
async function requestWithoutBody(server: { url: string }) {
  const token = await signIn(server.url, 'agent@acme.test');
  const { port } = new URL(server.url);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/v1/resolutions',
    agent: false,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': 1000, expect: '100-continue' },
  });
  req.on('error', () => {});
  req.flushHeaders();
  await once(req, 'continue'); // the server has the request
  req.write('{');
  return req;
}

/** A websocket upgraded and then left alone: it reads nothing, answers nothing and never closes, like a stalled peer. */
async function silentWebSocket(server: { url: string }): Promise<TcpSocket> {
  const { port } = new URL(server.url);
  const sock = connectTcp({ host: '127.0.0.1', port: Number(port) });
  sock.on('error', () => {});
  await once(sock, 'connect');
  sock.write(
    [
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const [head] = (await once(sock, 'data')) as [Buffer];
  expect(head.toString()).toContain('101 Switching Protocols');
  sock.pause(); // from here on it never reads, so it never sees (or answers) a close frame
  return sock;
}
