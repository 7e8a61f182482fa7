/**
 * What lies on disk: the SQLite file and its -wal/-shm are readable by the server's user only,
 * and ingest key secrets are stored sealed under the master key, opened only to check a
 * webhook's HMAC; secrets stored before sealing keep working and are sealed on the next start.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '@shared/webhook-signature';
import { openSqlite } from '../../server/src/db/open-sqlite';
import { startTestApp, type TestApp } from '../support/app';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite file', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'leeway-mode-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created 0600, and so are its -wal and -shm', async () => {
    const file = join(dir, 'fresh.db');
    const db = openSqlite(file);
    try {
      await db.tx((q) => q.insert(db.t.tenants).values({ id: randomUUID(), slug: 'modes', name: 'Modes', createdAt: Date.now() }));
      expect({ db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) }).toEqual({ db: 0o600, wal: 0o600, shm: 0o600 });
    } finally {
      await db.close();
    }
  });

  it('is narrowed to 0600 when an earlier start left it readable by others', async () => {
    const file = join(dir, 'older.db');
    closeSync(openSync(file, 'w', 0o644));
    chmodSync(file, 0o644);
    const db = openSqlite(file);
    try {
      expect(mode(file)).toBe(0o600);
    } finally {
      await db.close();
    }
  });
});

describe('ingest key secrets', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t?.close());

  const stored = async (app: TestApp, id: string) =>
    (await (await app.raw()).one<{ secret: string }>('select secret from ingest_keys where id = ?', id))!.secret;
  const post = (app: TestApp, key: { id: string; secret: string }) => {
    const body = JSON.stringify({
      id: randomUUID(),
      type: 'payment.failed',
      occurredAt: new Date().toISOString(),
      customer: { email: 'dana.whitfield@example.com' },
      data: { amountCents: 100, currency: 'USD' },
    });
    return app.app.inject({ method: 'POST', url: '/v1/ingest/events', headers: signedHeaders(key.id, key.secret, body), payload: body });
  };

  it('are stored sealed: the column does not hold the secret, and the signature still checks', async () => {
    const key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
    const column = await stored(t, 'acme-demo');
    expect(column).not.toContain(key.secret);
    expect(column).toMatch(/^sealed:v1:[A-Za-z0-9+/=]+$/);
    expect((await post(t, key)).statusCode).toBe(200);

    const made = await t.app.repos.tenants.createIngestKey(t.seeded.acme.tenantId);
    expect(await stored(t, made.id)).not.toContain(made.secret);
    expect((await post(t, made)).statusCode).toBe(200);
    // A wrong secret is still refused.
    expect((await post(t, { id: made.id, secret: randomBytes(32).toString('hex') })).statusCode).toBe(401);
  });

  it('keeps a secret stored before sealing working, and seals it on the next start', async () => {
    const legacy = { id: `legacy_${randomBytes(4).toString('hex')}`, secret: randomBytes(32).toString('hex') };
    await (await t.raw()).run(
      'insert into ingest_keys (id, tenant_id, secret, created_at) values (?, ?, ?, ?)',
      legacy.id,
      t.seeded.acme.tenantId,
      legacy.secret,
      Date.now(),
    );
    expect((await post(t, legacy)).statusCode).toBe(200);

    const first = await startTestApp(t.dbEnv);
    try {
      expect(await stored(first, legacy.id)).not.toContain(legacy.secret);
      expect((await post(first, legacy)).statusCode).toBe(200);
    } finally {
      await first.close({ keepDatabase: true });
    }
  });
});
