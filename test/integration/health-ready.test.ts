/**
 * Liveness and readiness, as a load balancer sees them: /health answers while the process
 * runs; /ready says 503 with the reason when the database would not take a write or the
 * server is draining for a shutdown, and 200 again once that passes.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { openRaw, type RawDb } from '../support/raw-db';
import { changedTables, rowCounts } from '../support/row-counts';

/** The server's PostgreSQL connections, set here so the test knows how many to keep busy. */
const POOL_SIZE = 3;
const ROOT = resolve(import.meta.dirname, '../..');

let t: TestApp;
beforeAll(async () => (t = await startTestApp({ LEEWAY_PG_POOL_SIZE: String(POOL_SIZE) })));
afterAll(() => t.close());

describe('GET /health', () => {
  it('answers without a token, with the number of connected sockets', async () => {
    const before = (await t.app.inject({ url: '/health' })).json();
    expect(before).toEqual({ status: 'ok', sockets: 0 });
    await t.socket(await t.token('agent@acme.test'));
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok', sockets: 1 });
  });
});

describe('GET /ready', () => {
  it('is ready when the database reads and takes writes', async () => {
    const res = await t.app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('says 503 while the database cannot take work, writes nothing itself, and later writes still wait their turn', async () => {
    const agent = await t.token('agent@acme.test');
    const grant = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/grants',
        headers: { authorization: `Bearer ${agent}` },
        payload: {
          customerId: t.seeded.acme.customers['dana.whitfield@example.com']!,
          action: 'goodwill_gesture',
          amountCents: 100,
          idempotencyKey: randomUUID(),
        },
      });
    const before = await rowCounts(await t.raw());

    if (t.target.kind === 'sqlite') {
      // Another connection holds SQLite's write lock.
      const other = await openRaw(t.target);
      try {
        await other.run('BEGIN IMMEDIATE');
        const res = await t.app.inject({ url: '/ready' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual({ status: 'not ready', reason: 'database: cannot write (SQLITE_BUSY)' });
        await other.run('ROLLBACK');
      } finally {
        await other.close();
      }
      expect(changedTables(before, await rowCounts(await t.raw()))).toEqual([]);
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
      // The probe's short lock wait (250 ms) is put back: a write waits out another process's 1 s lock,
      // answering only once it is released. (The holder releases on its own clock: this process blocks in
      // the wait. A busy machine may tell us "locked" too late to see a wait: then the lock is taken again.)
      for (let attempt = 1; ; attempt++) {
        const holder = holdSqliteWriteLock(t.target.file, 1000);
        const lockedAt = await holder.locked;
        if (Date.now() - lockedAt > 500 && attempt < 5) {
          await holder.exited;
          continue;
        }
        const res = await grant();
        expect(res.statusCode, res.body).toBe(201);
        expect(Date.now()).toBeGreaterThanOrEqual(lockedAt + 1000);
        await holder.exited;
        break;
      }
    } else {
      // Every connection of the server's budget waits on a lock another session holds (each request's session
      // check, then the grant itself): the probe gets no connection, so no answer.
      const other = await openRaw(t.target);
      let writes: Promise<{ statusCode: number; body: string }>[] = [];
      try {
        await other.run('begin');
        await other.run('lock table sessions, grants in access exclusive mode');
        writes = Array.from({ length: POOL_SIZE + 1 }, grant);
        await waitForLockWaiters(await t.raw(), POOL_SIZE); // not `other`: a transaction sees pg_stat_activity frozen
        const res = await t.app.inject({ url: '/ready' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual({ status: 'not ready', reason: 'database: no answer within 1000 ms' });
        expect(changedTables(before, await rowCounts(other))).toEqual([]);
        await other.run('rollback');
      } finally {
        await other.close();
      }
      // The waiting writes went through once the lock was released, and the probe answers again.
      for (const w of await Promise.all(writes)) expect(w.statusCode, w.body).toBe(201);
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
      // Its connections cut by the server: /ready answers meanwhile and is ready again once the pool reconnects.
      const mine = (await (await t.raw()).one<{ pid: number }>('select pg_backend_pid() as pid'))!.pid; // the test's own connection stays
      const admin = await openRaw(t.target);
      try {
        const cut = await admin.all(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and pid <> ?',
          mine,
        );
        expect(cut.length).toBeGreaterThan(0);
      } finally {
        await admin.close();
      }
      const answers: string[] = [];
      for (let i = 0; i < 20 && answers.at(-1) !== 'ready'; i++) {
        const r = await t.app.inject({ url: '/ready' });
        answers.push(r.statusCode === 200 ? 'ready' : r.json().reason);
      }
      expect(answers.at(-1)).toBe('ready');
      for (const a of answers.slice(0, -1)) expect(a).toMatch(/^database: /);
    }
  });

  it('says 503 "draining" once a shutdown starts', async () => {
    t.app.draining = true;
    try {
      const res = await t.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not ready', reason: 'draining: the server is shutting down' });
      // Still alive: a restart is not what it needs.
      expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      t.app.draining = false;
    }
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});

/**
 * Another process holds SQLite's write lock for `ms`: in this process a waiting write would
 * block the event loop, so nothing here could release it.
 */
function holdSqliteWriteLock(file: string, ms: number) {
  const code = `const { openRaw } = await import(${JSON.stringify(resolve(ROOT, 'test/support/raw-db.ts'))});
const db = await openRaw({ kind: 'sqlite', file: ${JSON.stringify(file)} });
await db.run('BEGIN IMMEDIATE');
console.log('locked at ' + Date.now());
setTimeout(async () => { await db.run('ROLLBACK'); await db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  /** When the lock was taken (the holder's clock: the same machine's). */
  const locked = new Promise<number>((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /locked at (\d+)/.exec(d.toString());
      if (m) res(Number(m[1]));
    });
    void exited.then((code) => rej(new Error(`the lock holder exited with ${code} before locking`)));
  });
  return { locked, exited };
}

/** Until `n` sessions of this database wait for a lock (PostgreSQL). */
async function waitForLockWaiters(db: RawDb, n: number) {
  for (let i = 0; i < 100; i++) {
    const { waiting } = (await db.one<{ waiting: number }>(
      "select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    ))!;
    if (waiting >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${n} sessions came to wait for the lock`);
}
