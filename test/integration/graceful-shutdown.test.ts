/**
 * SIGTERM on the real server process, mid-burst: it drains and exits 0; every write that was
 * acknowledged is in the database; every other write got an answer or a connection error,
 * never silence, and resending it with the same idempotency key after the restart stores it once.
 * A request that never finishes cannot hold the process past LEEWAY_SHUTDOWN_GRACE_MS.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect as connectTcp, type Socket as TcpSocket } from 'node:net';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import { openRaw } from '../support/raw-db';
import { startServer, type ServerProcess } from '../support/server-process';
import type { DbTarget } from '../support/test-database';
import { clientKeyOf } from '../support/client-key';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const run = promisify(execFile);

let servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  servers = [];
});
const start = async (opts: Parameters<typeof startServer>[0] = {}) => {
  const s = await startServer(opts);
  servers.push(s);
  return s;
};

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'leeway-demo' }),
  });
  return ((await res.json()) as { token: string }).token;
}

function connect(url: string, token: string): Promise<ClientSocket> {
  // No reconnection here: the test resends by hand after the restart, like the outbox does.
  // The ack timeout only makes a lost answer visible (it must never fire): a disconnect fails pending acks at once.
  const s: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, ackTimeout: 60_000 });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const resolution = (idempotencyKey: string, i: number) => ({
  idempotencyKey,
  helpdesk: 'zendesk',
  ticketId: `burst-${i}`,
  outcome: 'resolved' as const,
  category: 'billing' as const,
  note: '',
  handleTimeSeconds: 60,
});

const exited = (s: ServerProcess) =>
  new Promise<number | null>((resolve) =>
    s.child.exitCode !== null ? resolve(s.child.exitCode) : s.child.once('exit', (code) => resolve(code)),
  );

async function rowsByKey(target: DbTarget): Promise<Map<string, number>> {
  const db = await openRaw(target, { readonly: true });
  try {
    const rows = await db.all<{ k: string; n: number }>(
      "select idempotency_key as k, count(*) as n from resolution_log where kind = 'resolution' group by idempotency_key",
    );
    return new Map(rows.map((r) => [clientKeyOf(r.k), r.n]));
  } finally {
    await db.close();
  }
}

/** Sessions other than this one on the database (PostgreSQL): a server that stopped cleanly leaves none. */
async function otherSessions(target: DbTarget & { kind: 'postgres' }): Promise<number> {
  const db = await openRaw(target, { readonly: true });
  try {
    return (await db.one<{ n: number }>(
      'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    ))!.n;
  } finally {
    await db.close();
  }
}

/** scripts/verify-log.ts on a server's database: `--db` names the SQLite file; a PostgreSQL one comes from LEEWAY_DATABASE_URL. */
const verifyLog = ({ target }: ServerProcess) =>
  run(
    process.execPath,
    ['--import', 'tsx', 'scripts/verify-log.ts', ...(target.kind === 'sqlite' ? ['--db', target.file] : []), '--tenant', 'acme'],
    {
      env: { ...process.env, ...(target.kind === 'postgres' && { LEEWAY_DATABASE_URL: target.url }) },
    },
  );

describe('graceful shutdown', () => {
  it('SIGTERM mid-burst: exits 0; acknowledged writes are stored once; the rest were answered or cut, and a resend stores them once', {
    timeout: 120_000,
  }, async () => {
    const server = await start();
    const emails = ['agent@acme.test', 'senior@acme.test', 'lead@acme.test'];
    const tokens = await Promise.all(emails.map((e) => signIn(server.url, e)));
    const sockets = await Promise.all(tokens.map((t) => connect(server.url, t)));

    // Every write and how it ended. `body` is kept so it can be sent again, unchanged.
    interface Write {
      body: ReturnType<typeof resolution>;
      via: 'socket' | 'rest';
      /** Who sent it: a key is its author's, so a resend comes from the same person. */
      author: string;
      outcome?: 'acked' | 'retry' | 'refused' | 'cut';
      detail?: string;
    }
    const writes = new Map<string, Write>();
    let n = 0;
    let signalled = false;
    const sentAfterSignal = new Set<string>();
    const next = (via: Write['via'], author: string) => {
      const key = randomUUID();
      const w: Write = { body: resolution(key, n++), via, author };
      writes.set(key, w);
      if (signalled) sentAfterSignal.add(key);
      return w;
    };

    // Three sockets, each with two writes outstanding at a time, until its connection is cut.
    const socketLoop = async (s: ClientSocket, author: string) => {
      while (s.connected) {
        const w = next('socket', author);
        try {
          const res = await s.emitWithAck('resolution:submit', w.body);
          if ('data' in res) w.outcome = 'acked';
          else if (res.retry) w.outcome = 'retry';
          else [w.outcome, w.detail] = ['refused', res.error];
        } catch (e) {
          [w.outcome, w.detail] = ['cut', (e as Error).message];
        }
      }
    };
    // One REST client beside them, until the server stops answering.
    const restLoop = async () => {
      for (;;) {
        const w = next('rest', emails[0]!);
        try {
          const res = await fetch(`${server.url}/v1/resolutions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
            body: JSON.stringify(w.body),
          });
          if (res.ok) w.outcome = 'acked';
          else [w.outcome, w.detail] = [res.status === 503 ? 'retry' : 'refused', `${res.status} ${await res.text()}`];
        } catch (e) {
          [w.outcome, w.detail] = ['cut', (e as Error).message];
        }
        if (w.outcome !== 'acked') return;
      }
    };
    const loops = [...sockets.flatMap((s, i) => [socketLoop(s, emails[i]!), socketLoop(s, emails[i]!)]), restLoop()];

    // Let the burst get going, then ask the server to stop while writes are in flight.
    await expect
      .poll(() => [...writes.values()].filter((w) => w.outcome === 'acked').length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(60);
    const exit = exited(server);
    signalled = true;
    server.child.kill('SIGTERM');
    await Promise.all(loops);
    expect(await exit).toBe(0);
    expect(server.output()).not.toContain('did not finish within');

    // Nothing was refused for what it was; nothing went unanswered.
    const all = [...writes.values()];
    expect(all.filter((w) => w.outcome === 'refused').map((w) => w.detail)).toEqual([]);
    expect(all.filter((w) => w.outcome === 'cut' && !/disconnected|fetch failed/.test(w.detail ?? '')).map((w) => w.detail)).toEqual([]);
    expect(all.every((w) => w.outcome)).toBe(true);
    // The burst really was cut mid-way: writes were sent after the signal, and some were answered or cut by the drain.
    expect(sentAfterSignal.size).toBeGreaterThan(0);

    // Every acknowledged write is in the database, once.
    const stored = await rowsByKey(server.target);
    const acked = all.filter((w) => w.outcome === 'acked');
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((w) => stored.get(w.body.idempotencyKey) !== 1).map((w) => w.body.idempotencyKey)).toEqual([]);
    if (server.target.kind === 'sqlite') {
      // The WAL was folded into the file: the file alone is complete.
      const wal = `${server.target.file}-wal`;
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    } else {
      // The server let go of its connections: no session of it is left on the database.
      const target = server.target;
      await expect.poll(() => otherSessions(target), { timeout: 5_000 }).toBe(0);
    }

    // Restart on the same database; resend everything not acknowledged (and a few that were) with the same keys.
    const again = await start({ dbEnv: server.dbEnv });
    const resenders = new Map(
      await Promise.all(emails.map(async (e) => [e, await connect(again.url, await signIn(again.url, e))] as const)),
    );
    const unacked = all.filter((w) => w.outcome !== 'acked');
    for (const w of [...unacked, ...acked.slice(0, 3)]) {
      const res = await resenders.get(w.author)!.emitWithAck('resolution:submit', w.body);
      if (!('data' in res)) throw new Error(`resend of ${w.body.idempotencyKey} refused: ${res.error}`);
      if (w.outcome === 'acked') expect(res.data.status).toBe('duplicate');
    }
    for (const r of resenders.values()) r.disconnect();

    const after = await rowsByKey(again.target);
    expect(all.filter((w) => after.get(w.body.idempotencyKey) !== 1).map((w) => w.body.idempotencyKey)).toEqual([]);
    await again.stop('SIGTERM');
    expect(again.child.exitCode).toBe(0);
    // The hash chain survived the cut: nothing half-written.
    const verify = await verifyLog(again);
    expect(verify.stdout).toMatch(/✓ acme: \d+ entries verify/);
  });

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

  it('exits 1 with a log line when something does not finish within LEEWAY_SHUTDOWN_GRACE_MS', async () => {
    const server = await start({ env: { LEEWAY_SHUTDOWN_GRACE_MS: '1000' } });
    const req = await requestWithoutBody(server);
    const exit = exited(server);
    server.child.kill('SIGTERM');
    expect(await exit).toBe(1);
    expect(server.output()).toContain('shutdown did not finish within LEEWAY_SHUTDOWN_GRACE_MS (1000 ms)');
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
