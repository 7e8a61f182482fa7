/**
 * The database's disk full under the running server, on a real tmpfs (test/support/mounts.ts;
 * root and mount(8) required: without them these tests fail, they do not skip). A write that
 * cannot be saved answers 503 (REST) or an ack error with `retry: true` (socket) saying so,
 * stores nothing, and goes through once space is freed; reads keep working and /ready says why
 * it is not ready; the process never crashes.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../support/app';
import { demo, FULL, get, integrity, MiB, readDb, stored, verifyLog, writes } from '../support/disk-faults';
import { mountTmpfs, type Tmpfs } from '../support/mounts';
import { openRaw } from '../support/raw-db';
import { connectSocket, signIn } from '../support/remote-clients';
import { changedTables, rowCounts } from '../support/row-counts';
import { startServer, type ServerProcess } from '../support/server-process';

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
    expect(await verifyLog(srv.dbFile)).toMatchObject({ status: 0, out: expect.stringMatching(/^✓ acme: /) });
    expect({ exitCode: srv.child.exitCode, signal: srv.child.signalCode }).toEqual({ exitCode: null, signal: null });
    // The operator's log names the fault.
    expect(srv.output()).toMatch(/"code":"SQLITE_FULL".*database write failed: storage fault/);
  }, 60_000);
});
