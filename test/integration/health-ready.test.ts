/**
 * Liveness and readiness, as a load balancer sees them: /health answers while the process
 * runs; /ready says 503 with the reason when the database would not take a write or the
 * server is draining for a shutdown, and 200 again once that passes.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
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

  it('says 503 while another writer holds the database, and writes nothing itself', async () => {
    const other = new Database(t.dbFile);
    try {
      other.exec('BEGIN IMMEDIATE');
      const res = await t.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not ready', reason: 'database: cannot write (SQLITE_BUSY)' });
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
    // The probe's shorter lock wait is put back for everything else.
    expect(t.app.db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
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
