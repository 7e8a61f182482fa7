/**
 * The database's disk turned read-only under the running server (test/support/mounts.ts; root and
 * mount(8) required: without them these tests fail, they do not skip): writes are refused saying
 * so, reads keep working, the process never crashes, and after the repair and a restart the same
 * writes are taken once.
 *
 * Read-only: Linux refuses `mount -o remount,ro` while a process holds a file open for
 * writing (SQLite always does), so a disk turns read-only under a running server only when
 * the kernel does it after an error. That is what the ext4 image here does (errors=remount-ro
 * and the kernel's trigger_fs_error); such a file system comes back writable only through
 * unmount and fsck, so the server is restarted after the repair.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../support/app';
import { demo, get, integrity, stored, UNWRITABLE, verifyLog, writes } from '../support/disk-faults';
import { mountExt4, type Ext4 } from '../support/mounts';
import { connectSocket, signIn } from '../support/remote-clients';
import { startServer, type ServerProcess } from '../support/server-process';

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
    expect(await verifyLog(server.dbFile)).toMatchObject({ status: 0, out: expect.stringMatching(/^✓ acme: /) });
  }, 90_000);
});
