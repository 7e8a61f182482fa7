/**
 * The database's disk full, turned read-only, or unusable at start, on real file systems
 * (test/support/mounts.ts; root and mount(8) required: without them these tests fail, they
 * do not skip). A write that cannot be saved answers 503 (REST) or an ack error with
 * `retry: true` (socket) saying so, stores nothing, and goes through once the disk is back;
 * reads keep working and /ready says why it is not ready; the process never crashes.
 *
 * Read-only: Linux refuses `mount -o remount,ro` while a process holds a file open for
 * writing (SQLite always does), so a disk turns read-only under a running server only when
 * the kernel does it after an error. That is what the ext4 image here does (errors=remount-ro
 * and the kernel's trigger_fs_error); such a file system comes back writable only through
 * unmount and fsck, so the server is restarted after the repair.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../shared/events';
import { signedHeaders } from '../../shared/webhook-signature';
import type { ClientSocket } from '../support/app';
import { mountExt4, mountTmpfs, type Ext4, type Tmpfs } from '../support/mounts';
import { connectSocket, send, signIn } from '../support/remote-clients';
import { openRaw, type RawDb } from '../support/raw-db';
import { changedTables, integrityCheck, rowCounts } from '../support/row-counts';
import { ingestSecret, startServer, type ServerProcess } from '../support/server-process';
import { storedKeyLike } from '../support/client-key';

const ROOT = resolve(import.meta.dirname, '../..');
const MiB = 1024 * 1024;
const FULL = 'The database cannot be written (disk full): nothing was saved; try again once space is freed';
const UNWRITABLE = /^The database cannot be written \((its disk is read-only|disk I\/O error or read-only disk)\): /;
// Secrets from the environment, so a start-up test reaches the database rather than the demo's key files.
const SECRETS = {
  LEEWAY_JWT_SECRET: 'disk-faults-test-secret-of-enough-length-0123',
  LEEWAY_MASTER_KEY: 'ab'.repeat(32),
  LEEWAY_LOG_SIGNING_KEY: 'cd'.repeat(32),
};

async function readDb<T>(file: string, fn: (db: RawDb) => Promise<T>): Promise<T> {
  const db = await openRaw({ kind: 'sqlite', file }, { readonly: true });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
const integrity = (file: string) => readDb(file, (db) => integrityCheck(db, 'sqlite'));

/** The demo tenant's ids and an ingest key, read from the file as an admin would. */
async function demo(file: string) {
  const secret = await ingestSecret({ kind: 'sqlite', file }, 'acme-demo');
  return readDb(file, async (db) => ({
    tenantId: (await db.one<{ id: string }>("select id from tenants where slug = 'acme'"))!.id,
    dana: (await db.one<{ id: string }>("select id from customers where name = 'Dana Whitfield'"))!.id,
    key: { id: 'acme-demo', secret },
  }));
}

/** The writes a panel and a business system make, each with its key, so a resend is the same request. */
function writes(server: ServerProcess, token: string, socket: ClientSocket, d: Awaited<ReturnType<typeof demo>>) {
  const grant = () => ({ customerId: d.dana, action: 'goodwill_gesture', amountCents: 500, idempotencyKey: randomUUID() });
  const resolution = () => ({
    idempotencyKey: randomUUID(),
    helpdesk: 'zendesk',
    ticketId: `disk-${randomUUID()}`,
    customerId: d.dana,
    outcome: 'resolved',
    category: 'billing',
    note: 'Refunded the fee',
    handleTimeSeconds: 90,
  });
  const event = () => ({
    id: `evt-${randomUUID()}`,
    type: 'payment.failed',
    occurredAt: new Date().toISOString(),
    customer: { email: 'dana.whitfield@example.com' },
    data: { amountCents: 4_900, currency: 'USD', reason: 'card declined' },
  });
  return {
    grant,
    resolution,
    event,
    bySocket: (event: 'grant:record' | 'resolution:submit', payload: object) =>
      send(socket, event, payload) as Promise<Response<{ status: string; id?: string }>>,
    async grantByRest(payload: object) {
      const res = await fetch(`${server.url}/v1/grants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(payload),
      });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as { message?: string; status?: string },
      };
    },
    /** The same signed request each time for the same `headers`: a resend, not a new delivery. */
    async ingest(body: string, headers: Record<string, string>) {
      const res = await fetch(`${server.url}/v1/ingest/events`, { method: 'POST', headers, body });
      return { status: res.status, body: (await res.json()) as { message?: string; status?: string } };
    },
    signed: (e: object) => {
      const body = JSON.stringify(e);
      return { body, headers: signedHeaders(d.key.id, d.key.secret, body) };
    },
  };
}

const get = async (url: string, token?: string) => {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** How often each key is stored: grants, resolutions, and events (by their external id). */
function stored(file: string, tenantId: string, keys: { grants: string[]; resolutions: string[]; events: string[] }) {
  return readDb(file, async (db) => {
    const count = async (sql: string, k: string) => (await db.one<{ n: number }>(sql, tenantId, k))!.n;
    return {
      grants: await Promise.all(
        keys.grants.map((k) => count('select count(*) as n from grants where tenant_id = ? and idempotency_key like ?', storedKeyLike(k))),
      ),
      resolutions: await Promise.all(
        keys.resolutions.map((k) =>
          count('select count(*) as n from resolution_log where tenant_id = ? and idempotency_key like ?', storedKeyLike(k)),
        ),
      ),
      events: await Promise.all(
        keys.events.map((k) => count('select count(*) as n from events where tenant_id = ? and external_id = ?', k)),
      ),
    };
  });
}

function verifyLog(file: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/verify-log.ts', '--db', file, '--tenant', 'acme'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout.trim() };
}

describe('a full disk', () => {
  let disk: Tmpfs | undefined;
  let server: ServerProcess | undefined;
  let socket: ClientSocket | undefined;
  beforeAll(async () => {
    disk = mountTmpfs(24 * MiB);
    server = await startServer({ dbFile: join(disk.dir, 'leeway.db') });
  }, 60_000);
  afterAll(async () => {
    socket?.disconnect();
    try {
      await server?.stop();
    } finally {
      disk?.unmount();
    }
  });

  it('refuses writes with a clear 503 and stores nothing, keeps serving reads, and takes the same writes once space is freed', async () => {
    const srv = server!;
    const d = await demo(srv.dbFile);
    const token = await signIn(srv.url, 'agent@acme.test');
    socket = await connectSocket(srv.url, token);
    const w = writes(srv, token, socket, d);

    // Accepted before the disk fills: these must survive it.
    const before = { grant: w.grant(), resolution: w.resolution(), event: w.signed(w.event()) };
    expect(await w.bySocket('grant:record', before.grant)).toMatchObject({ data: { status: 'recorded' } });
    expect(await w.bySocket('resolution:submit', before.resolution)).toMatchObject({ data: { status: 'stored' } });
    expect(await w.ingest(before.event.body, before.event.headers)).toMatchObject({ status: 200, body: { status: 'stored' } });

    // Empty the write-ahead log into the database so the next write needs new space (a reused log would not).
    const checkpoint = await openRaw({ kind: 'sqlite', file: srv.dbFile });
    expect(await checkpoint.all('pragma wal_checkpoint(TRUNCATE)').finally(() => checkpoint.close())).toEqual([
      { busy: 0, log: 0, checkpointed: 0 },
    ]);
    const counts = await readDb(srv.dbFile, rowCounts);
    disk!.fill();

    const during = { grant: w.grant(), restGrant: w.grant(), resolution: w.resolution(), event: w.signed(w.event()) };
    expect(await w.bySocket('grant:record', during.grant)).toEqual({ error: FULL, retry: true });
    expect(await w.grantByRest(during.restGrant)).toMatchObject({
      status: 503,
      retryAfter: expect.stringMatching(/^\d+$/),
      body: { message: FULL },
    });
    expect(await w.bySocket('resolution:submit', during.resolution)).toEqual({ error: FULL, retry: true });
    expect(await w.ingest(during.event.body, during.event.headers)).toMatchObject({ status: 503, body: { message: FULL } });

    // Reads go on; /ready tells the load balancer why not; the process is the same one.
    expect(await get(`${srv.url}/v1/policy`, token)).toMatchObject({ status: 200 });
    expect(await get(`${srv.url}/health`)).toMatchObject({ status: 200 });
    expect(await get(`${srv.url}/ready`)).toMatchObject({
      status: 503,
      body: { status: 'not ready', reason: expect.stringMatching(/^database: cannot write \(disk full/) },
    });
    // Not a row half-written anywhere, and the file is sound.
    expect(changedTables(counts, await readDb(srv.dbFile, rowCounts))).toEqual([]);
    expect(await integrity(srv.dbFile)).toBe('ok');

    disk!.unfill();
    expect(await get(`${srv.url}/ready`)).toMatchObject({ status: 200, body: { status: 'ready' } });
    // The same requests again, as the outbox and a webhook sender's retry would send them: recorded now, and once.
    expect(await w.bySocket('grant:record', during.grant)).toMatchObject({ data: { status: 'recorded' } });
    expect(await w.grantByRest(during.restGrant)).toMatchObject({ status: 201, body: { status: 'recorded' } });
    expect(await w.bySocket('resolution:submit', during.resolution)).toMatchObject({ data: { status: 'stored' } });
    // Even the same signed request is taken: the refused attempt did not record its delivery either.
    expect(await w.ingest(during.event.body, during.event.headers)).toMatchObject({ status: 200, body: { status: 'stored' } });

    const ev = (s: { body: string }) => (JSON.parse(s.body) as { id: string }).id;
    expect(
      await stored(srv.dbFile, d.tenantId, {
        grants: [before.grant, during.grant, during.restGrant].map((g) => g.idempotencyKey),
        resolutions: [before.resolution, during.resolution].map((r) => r.idempotencyKey),
        events: [ev(before.event), ev(during.event)],
      }),
    ).toEqual({ grants: [1, 1, 1], resolutions: [1, 1], events: [1, 1] });
    expect(await integrity(srv.dbFile)).toBe('ok');
    expect(verifyLog(srv.dbFile)).toMatchObject({ status: 0, out: expect.stringMatching(/^✓ acme: /) });
    expect({ exitCode: srv.child.exitCode, signal: srv.child.signalCode }).toEqual({ exitCode: null, signal: null });
    // The operator's log names the fault.
    expect(srv.output()).toMatch(/"code":"SQLITE_FULL".*database write failed: storage fault/);
  }, 60_000);
});

describe('a disk that turns read-only under the running server', () => {
  let disk: Ext4 | undefined;
  let server: ServerProcess | undefined;
  let socket: ClientSocket | undefined;
  beforeAll(async () => {
    disk = mountExt4(64);
    server = await startServer({ dbFile: join(disk.dir, 'data', 'leeway.db') });
  }, 60_000);
  afterAll(async () => {
    socket?.disconnect();
    try {
      await server?.stop();
    } finally {
      disk?.unmount();
    }
  });

  it('refuses writes clearly and keeps answering reads; after the repair and a restart the same writes are taken once', async () => {
    const d = await demo(server!.dbFile);
    const token = await signIn(server!.url, 'agent@acme.test');
    socket = await connectSocket(server!.url, token);
    let w = writes(server!, token, socket, d);

    const before = { grant: w.grant(), resolution: w.resolution() };
    expect(await w.bySocket('grant:record', before.grant)).toMatchObject({ data: { status: 'recorded' } });
    expect(await w.bySocket('resolution:submit', before.resolution)).toMatchObject({ data: { status: 'stored' } });

    disk!.failReadOnly();
    const during = { grant: w.grant(), restGrant: w.grant(), resolution: w.resolution() };
    expect(await w.bySocket('grant:record', during.grant)).toEqual({ error: expect.stringMatching(UNWRITABLE), retry: true });
    expect(await w.grantByRest(during.restGrant)).toMatchObject({ status: 503, body: { message: expect.stringMatching(UNWRITABLE) } });
    expect(await w.bySocket('resolution:submit', during.resolution)).toEqual({ error: expect.stringMatching(UNWRITABLE), retry: true });
    expect(await get(`${server!.url}/v1/policy`, token)).toMatchObject({ status: 200 });
    expect(await get(`${server!.url}/ready`)).toMatchObject({
      status: 503,
      body: { reason: 'database: cannot write (its disk is read-only)' },
    });
    expect({ exitCode: server!.child.exitCode, signal: server!.child.signalCode }).toEqual({ exitCode: null, signal: null });

    // The repair: stop the server, unmount, fsck, mount; then start it again on the same file.
    socket.disconnect();
    await server!.stop();
    disk!.repair();
    server = await startServer({ dbFile: server!.dbFile, port: server!.port });
    socket = await connectSocket(server.url, token);
    w = writes(server, token, socket, d);
    expect(await w.bySocket('grant:record', during.grant)).toMatchObject({ data: { status: 'recorded' } });
    expect(await w.grantByRest(during.restGrant)).toMatchObject({ status: 201, body: { status: 'recorded' } });
    expect(await w.bySocket('resolution:submit', during.resolution)).toMatchObject({ data: { status: 'stored' } });
    expect(await w.bySocket('resolution:submit', before.resolution)).toMatchObject({ data: { status: 'duplicate' } });

    expect(
      await stored(server.dbFile, d.tenantId, {
        grants: [before.grant, during.grant, during.restGrant].map((g) => g.idempotencyKey),
        resolutions: [before.resolution, during.resolution].map((r) => r.idempotencyKey),
        events: [],
      }),
    ).toEqual({ grants: [1, 1, 1], resolutions: [1, 1], events: [] });
    expect(await integrity(server.dbFile)).toBe('ok');
    expect(verifyLog(server.dbFile)).toMatchObject({ status: 0, out: expect.stringMatching(/^✓ acme: /) });
  }, 90_000);
});

/** Starts the server expecting it to refuse: its exit code and everything it printed. */
function startRefused(dbFile: string, env: Record<string, string> = {}): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LEEWAY_DB_FILE: dbFile, LEEWAY_PORT: '0', LEEWAY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  return new Promise((res) => {
    // A server that starts after all is stopped at once; the test then fails on its exit code.
    child.stdout.on('data', () => /listening on/.test(out) && child.kill('SIGKILL'));
    child.once('exit', (code) => res({ code, lines: out.split('\n').filter(Boolean) }));
  });
}

/** One line saying what to fix, exit code 2, and no stack trace. */
function expectOneClearLine(r: { code: number | null; lines: string[] }, file: string, reason: string) {
  expect({ code: r.code, stack: r.lines.filter((l) => /^\s+at /.test(l)) }).toEqual({ code: 2, stack: [] });
  expect(r.lines.filter((l) => l.startsWith('Cannot open the database'))).toEqual([
    `Cannot open the database ${file}: ${reason}. Nothing was changed; fix it and start again.`,
  ]);
}

describe('starting on a database directory that cannot take it', () => {
  const disks: Tmpfs[] = [];
  afterAll(() => {
    for (const d of disks) d.unmount();
  });

  it('says so in one line and exits 2 when the directory is missing and cannot be created', async () => {
    const disk = mountTmpfs(MiB, { readOnly: true });
    disks.push(disk);
    const file = join(disk.dir, 'missing', 'leeway.db');
    expectOneClearLine(await startRefused(file), file, 'its directory does not exist and could not be created (ENOENT)');
  }, 30_000);

  it('says so in one line and exits 2 when the directory is read-only', async () => {
    const disk = mountTmpfs(MiB, { readOnly: true });
    disks.push(disk);
    const file = join(disk.dir, 'leeway.db');
    expectOneClearLine(await startRefused(file, SECRETS), file, 'its directory is on a read-only file system (EROFS)');
  }, 30_000);

  it('says so in one line and exits 2 when an existing database’s disk has become read-only', async () => {
    const disk = mountTmpfs(16 * MiB);
    disks.push(disk);
    const file = join(disk.dir, 'leeway.db');
    const first = await startServer({ dbFile: file });
    await first.stop();
    disk.remount('ro');
    expectOneClearLine(await startRefused(file), file, 'its directory is on a read-only file system (EROFS)');
    disk.remount('rw');
    const again = await startServer({ dbFile: file });
    await again.stop();
    expect(await integrity(file)).toBe('ok');
  }, 60_000);

  it('says so in one line and exits 2 when the disk is full', async () => {
    const disk = mountTmpfs(MiB);
    disks.push(disk);
    disk.fill();
    const file = join(disk.dir, 'leeway.db');
    expectOneClearLine(await startRefused(file, SECRETS), file, 'the disk is full (SQLITE_FULL)');
  }, 30_000);
});
