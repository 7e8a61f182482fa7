/**
 * Group commit (issue 21): events that arrive while a batch commits are stored together in the
 * next transaction. When that transaction fails, every request in it is answered with a
 * retryable error (503, Retry-After) and none of their events is stored; sent again, each is
 * stored once. PostgreSQL: a lock held from outside parks the first batch, so the ones behind it
 * gather into one, and a trigger refuses one of them as a failing disk would refuse them all.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedHeaders } from '@shared/webhook-signature';
import { customersLock } from '../../server/src/db/database';
import { openRaw, type RawDb } from '../support/raw-db';
import { ingestSecret, startServer, type ServerProcess } from '../support/server-process';
import { postEvent } from '../support/webhook';

let server: ServerProcess;
let raw: RawDb;
let key: { id: string; secret: string };

beforeAll(async () => {
  server = await startServer();
  raw = await openRaw(server.target);
  key = { id: 'acme-demo', secret: await ingestSecret(server.target, 'acme-demo') };
  await raw.run(`create function poison_event() returns trigger language plpgsql as $$
    begin if new.external_id like 'poison-%' then raise exception 'poisoned by the test'; end if; return new; end $$`);
  await raw.run('create trigger poison before insert on events for each row execute function poison_event()');
});
afterAll(async () => {
  await raw?.close();
  await server?.stop();
});

const send = (id: string, email = 'dana.whitfield@example.com') =>
  postEvent(server.url, key, { id, type: 'page.visited', customer: { email }, data: { url: 'https://shop.example.com/help' } });
const stored = async (id: string) => (await raw.one<{ n: number }>('select count(*) as n from events where external_id = ?', id))!.n;

it('a failed batch answers each of its requests with a retryable error and stores none; resent, each is stored once', async () => {
  const url = server.target.kind === 'postgres' ? server.target.url : '';
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query('begin');
  const tenantId = (await holder.query("select id from tenants where slug = 'acme'")).rows[0].id as string;
  await holder.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [customersLock(tenantId)]);

  // The first batch waits on the lock; the eight behind it gather into the next one, with the poison.
  const plug = send(crypto.randomUUID());
  await new Promise((r) => setTimeout(r, 300));
  const ids = [...Array.from({ length: 7 }, () => crypto.randomUUID()), `poison-${crypto.randomUUID()}`];
  const pending = ids.map((id, i) => send(id, i % 2 ? 'marco.rossi@example.com' : 'dana.whitfield@example.com'));
  await new Promise((r) => setTimeout(r, 500));
  await holder.query('rollback');
  await holder.end();

  expect((await plug).status).toBe(200);
  const answers = await Promise.all(pending);
  const poison = answers.at(-1)!;
  expect(poison.status).toBe(503);
  expect(poison.body.message).toBe(
    'The event was not stored: the write it shared with other events failed, and none of them was kept. Send it again.',
  );
  // Every request of the failed batch: told to retry, nothing kept; any that made another batch: stored once.
  const failed = ids.filter((_, i) => answers[i]!.status === 503);
  expect(failed.length).toBeGreaterThan(1);
  for (const [i, id] of ids.entries()) {
    expect([200, 503]).toContain(answers[i]!.status);
    expect(await stored(id)).toBe(answers[i]!.status === 200 ? 1 : 0);
  }

  // Resent (signed afresh) once the fault is gone: each stored once.
  await raw.run('drop trigger poison on events');
  for (const id of failed) expect((await send(id, 'dana.whitfield@example.com')).status).toBe(200);
  for (const id of ids) expect(await stored(id)).toBe(1);
});

it('says Retry-After on the retryable answer', async () => {
  await raw.run('create trigger poison before insert on events for each row execute function poison_event()');
  const id = `poison-${crypto.randomUUID()}`;
  const body = JSON.stringify({
    id,
    occurredAt: new Date().toISOString(),
    type: 'page.visited',
    customer: { email: 'priya@example.com' },
    data: { url: 'https://shop.example.com/' },
  });
  const res = await fetch(`${server.url}/v1/ingest/events`, { method: 'POST', headers: signedHeaders(key.id, key.secret, body), body });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  await raw.run('drop trigger poison on events');
});
