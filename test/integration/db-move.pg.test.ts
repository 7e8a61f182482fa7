/**
 * Moving a SQLite deployment into PostgreSQL (scripts/move-to-postgres.ts): real data made through
 * the API on a SQLite file is moved, verified and committed, and a server on the copy serves the
 * same sign-ins, customer context and log, and takes new writes with fresh ids. A second move into
 * the filled database is refused (exit 2); a log altered in the file stops the move (exit 1) with
 * nothing kept. The file itself is never changed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countsOf,
  type Deployment,
  dropDatabases,
  emptyPostgres,
  fileHash,
  makeDeployment,
  resolution,
  runMove,
} from '../support/db-move';
import { openRaw } from '../support/raw-db';
import { connectSocket, send, signIn } from '../support/remote-clients';
import { startServer } from '../support/server-process';
import { ACME_HELPDESK_HOSTS, GLOBEX_HELPDESK_HOSTS } from '../../server/src/demo/hosts';

let dir: string;
let file: string;
let source: Deployment;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leeway-move-'));
  file = join(dir, 'leeway.db');
  const server = await startServer({ dbFile: file });
  let made: Awaited<ReturnType<typeof makeDeployment>>;
  try {
    made = await makeDeployment(server);
  } finally {
    await server.stop();
  }
  const raw = await openRaw({ kind: 'sqlite', file }, { readonly: true });
  const counts = await raw.counts().finally(() => raw.close());
  source = { ...made, counts, hash: fileHash(file) };
}, 120_000);
afterAll(dropDatabases);

describe('moving a SQLite deployment into PostgreSQL', () => {
  let url: string;

  it('copies every row, verifies it and commits; a server on the copy serves the same data and takes new writes', async () => {
    url = await emptyPostgres();
    const moved = await runMove(file, url);
    expect(moved.code, moved.stdout + moved.stderr).toBe(0);
    expect(moved.stdout).toContain('already at the latest schema (opening it applied no migration)');
    // A line per table of the schema, with the rows the file holds and a matching digest.
    expect(Object.keys(source.counts)).toHaveLength(43);
    for (const [table, rows] of Object.entries(source.counts))
      expect(moved.stdout).toMatch(new RegExp(`^  ${table} +${rows.toLocaleString('en-US')}  ok$`, 'm'));
    expect(source.counts).toMatchObject({
      tenants: 2,
      exceptions: 1,
      grants: 2,
      resolution_log: 3,
      sign_in_failures: 6,
      event_types: 1,
      calls: 1,
      // acme's own (demo/hosts.ts) and its demo desk (the server's own address, pinned once it listens), globex's.
      helpdesk_hosts: ACME_HELPDESK_HOSTS.length + 1 + GLOBEX_HELPDESK_HOSTS.length,
    });
    // sign_in_failures: the failure's address and account rows (its account-and-address row went with the agent's right password), and one good-standing row per account signed in from this address.
    expect(moved.stdout).toMatch(/^ {2}acme +3 entries +head 3 [0-9a-f]{12}… +ok, same head as SQLite$/m);
    expect(moved.stdout).toMatch(/^ {2}globex +0 entries +head 0 +ok, same head as SQLite$/m);
    expect(moved.stdout).toMatch(/audit_log\.id from \d+/);
    expect(moved.stdout).toContain('Set LEEWAY_DATABASE_URL');
    expect(moved.stdout).toContain(`Keep ${file} as it is, as the backup`);
    expect(fileHash(file)).toBe(source.hash);
    expect(await countsOf(url)).toEqual(source.counts);

    // The same LEEWAY_DB_FILE: the demo's generated secrets beside it still sign sessions and open sealed fields.
    const server = await startServer({ dbEnv: { LEEWAY_DB_FILE: file, LEEWAY_DATABASE_URL: url } });
    try {
      // Sign-ins write audit entries, failures a throttle row: serial ids that must follow the copied ones.
      const wrong = await fetch(`${server.url}/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'agent@acme.test', password: 'nope-nope' }),
      });
      expect(wrong.status).toBe(401);
      const [agent, lead, auditor, admin] = await Promise.all(
        ['agent', 'lead', 'auditor', 'admin'].map((u) => signIn(server.url, `${u}@acme.test`)),
      );
      expect((await call(server, agent!, 'GET', `/v1/customers/${source.customers.dana}/context`)).body).toEqual(source.context);
      expect((await call(server, auditor!, 'GET', '/v1/log/verify')).body).toMatchObject({
        ok: true,
        problem: null,
        entries: source.verify.entries,
        headSeq: source.verify.headSeq,
      });
      expect((await call<{ entries: unknown[] }>(server, admin!, 'GET', '/v1/audit?limit=100')).body.entries).toEqual(
        expect.arrayContaining(source.audit),
      );

      const grant = await call(server, agent!, 'POST', '/v1/grants', {
        customerId: source.customers.marco,
        action: 'goodwill_gesture',
        amountCents: 300,
        idempotencyKey: randomUUID(),
      });
      expect(grant.status).toBe(201);
      expect((await call(server, agent!, 'POST', '/v1/resolutions', resolution(source.customers.dana, '601'))).status).toBe(201);
      const [leadSocket, agentSocket] = await Promise.all([connectSocket(server.url, lead!), connectSocket(server.url, agent!)]);
      try {
        expect(await send(leadSocket, 'duty:set', { onDuty: true })).toHaveProperty('data');
        const raised = await send(agentSocket, 'exception:request', {
          customerId: source.customers.dana,
          action: 'account_credit',
          amountCents: 4_500,
          reasonCode: 'goodwill',
          note: 'After the move',
          idempotencyKey: randomUUID(),
        });
        expect(raised).toHaveProperty('data.status', 'pending');
      } finally {
        leadSocket.disconnect();
        agentSocket.disconnect();
      }
      expect((await call(server, auditor!, 'GET', '/v1/log/verify')).body).toMatchObject({ ok: true, entries: source.verify.entries + 1 });
    } finally {
      await server.stop();
    }
    expect(fileHash(file)).toBe(source.hash);
  }, 120_000);

  it('refuses a second move into the database it filled, changing nothing', async () => {
    expect(url, 'runs after the first move').toBeDefined();
    const before = await countsOf(url);
    const again = await runMove(file, url);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim()).toMatch(
      /^Refused: postgres:\/\/\S+ already holds data \(rows in tenants\); the move fills only an empty database\. Nothing was changed\.$/,
    );
    expect(await countsOf(url)).toEqual(before);
  }, 60_000);

  it('stops at a log altered in the SQLite file: exit 1, the target left empty', async () => {
    const tamperedDir = mkdtempSync(join(tmpdir(), 'leeway-move-tampered-'));
    const tampered = join(tamperedDir, 'leeway.db');
    copyFileSync(file, tampered);
    const raw = await openRaw({ kind: 'sqlite', file: tampered });
    const changed = await raw
      .run(
        "update resolution_log set payload_digest = ? where seq = 2 and tenant_id = (select id from tenants where slug = 'acme')",
        createHash('sha256').update('forged').digest('hex'),
      )
      .finally(() => raw.close());
    expect(changed).toBe(1);
    const target = await emptyPostgres();

    const moved = await runMove(tampered, target);
    expect(moved.code, moved.stdout + moved.stderr).toBe(1);
    expect(moved.stdout).toMatch(/^ {2}acme +.* BROKEN, same head as SQLite$/m);
    expect(moved.stdout).toContain(
      'resolution log of acme: does not verify on the copy: entry 2 was altered: its fields no longer match its hash (on the SQLite file too: entry 2 was altered',
    );
    expect(moved.stdout).toContain('Rolled back: nothing was kept');
    // Migrated by the move's open, and empty: every table of the schema, no row in any.
    const counts = await countsOf(target);
    expect(Object.keys(counts).sort()).toEqual(Object.keys(source.counts).sort());
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  }, 60_000);

  it('refuses, with one line and exit 2, a file that is not there or a database that does not answer', async () => {
    const [missing, unreachable] = await Promise.all([
      runMove(join(dir, 'no-such.db'), 'postgres://postgres@127.0.0.1:5432/test'),
      runMove(file, 'postgres://postgres@127.0.0.1:1/leeway'),
    ]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr.trim()).toBe(`Refused: there is no SQLite file at ${join(dir, 'no-such.db')}. Nothing was changed.`);
    expect(unreachable).toMatchObject({ code: 2, stdout: '' });
    expect(unreachable.stderr.trim()).toMatch(
      /^Cannot open the database postgres:\/\/postgres@127\.0\.0\.1:1\/leeway: nothing answers at that address \(ECONNREFUSED\)/,
    );
    expect(fileHash(file)).toBe(source.hash);
  }, 60_000);
});
