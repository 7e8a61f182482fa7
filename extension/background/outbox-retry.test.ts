/**
 * When the server cannot save a record for a reason that is not the record's fault (here: the
 * database is locked by another writer past its busy timeout; a full or read-only disk answers
 * the same way; or the sign-in's allowance of socket events is spent), the ack says `retry`: the
 * outbox keeps the record, not marked refused, and a later flush stores it once.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { actorKey } from '../../server/src/idempotency';
import { startTestApp, type TestApp } from '../../test/support/app';
import { outboxItem } from '../lib/storage';
import { createOutbox } from './outbox';
import type { LeewaySocket } from './socket';

let t: TestApp;
/** Three socket events a minute per sign-in: the outbox's own depth reports and one record spend them. */
let limited: TestApp;
beforeAll(async () => ([t, limited] = await Promise.all([startTestApp(), startTestApp({ LEEWAY_SOCKET_RATE_LIMIT: '3' })])));
afterAll(() => Promise.all([t.close(), limited.close()]));

const record = () => ({
  idempotencyKey: randomUUID(),
  helpdesk: 'zendesk',
  ticketId: '101',
  outcome: 'resolved' as const,
  category: 'billing' as const,
  handleTimeSeconds: 60,
});

it('keeps a record the server could not save now, and stores it on the next flush', async () => {
  const socket: LeewaySocket = io(t.url, {
    auth: { token: await t.token('agent@acme.test') },
    transports: ['websocket'],
    autoConnect: false,
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()).connect());
  const logged: string[] = [];
  const me = { userId: t.seeded.acme.users.agent, tenantId: t.seeded.acme.tenantId, name: 'Agent' };
  const outbox = createOutbox(
    () => socket,
    () => me,
    { changed: () => {}, logged: (_body, receipt) => logged.push(receipt.status) },
  );
  const body = record();

  // Another writer holds the lock for longer than the server waits for it.
  const other = new Database(t.dbFile);
  other.exec('BEGIN IMMEDIATE');
  await outbox.add(body);
  await expect.poll(async () => (await outboxItem.getValue())[0]?.attempts, { timeout: 15_000 }).toBe(1);
  expect((await outboxItem.getValue()).map((e) => ({ key: e.body.idempotencyKey, error: e.error }))).toEqual([
    { key: body.idempotencyKey, error: undefined },
  ]);
  expect(
    await t.app.repos.log.byIdempotencyKey(t.seeded.acme.tenantId, actorKey(t.seeded.acme.users.agent, body.idempotencyKey)),
  ).toBeNull();

  other.exec('ROLLBACK');
  other.close();
  await outbox.flush();
  expect(await outboxItem.getValue()).toEqual([]);
  expect(logged).toEqual(['stored']);
  socket.disconnect();
}, 30_000);

it('keeps a record refused for the sign-in’s allowance of events, instead of marking it refused for good', async () => {
  await outboxItem.setValue([]);
  const socket: LeewaySocket = io(limited.url, {
    auth: { token: await limited.token('agent@acme.test') },
    transports: ['websocket'],
    autoConnect: false,
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()).connect());
  const me = { userId: limited.seeded.acme.users.agent, tenantId: limited.seeded.acme.tenantId, name: 'Agent' };
  const logged: string[] = [];
  const outbox = createOutbox(
    () => socket,
    () => me,
    { changed: () => {}, logged: (_body, receipt) => logged.push(receipt.status) },
  );
  const [first, second] = [record(), record()];
  await outbox.add(first);
  await expect.poll(() => logged, { timeout: 10_000 }).toEqual(['stored']);
  await outbox.add(second);
  await expect.poll(async () => (await outboxItem.getValue())[0]?.attempts, { timeout: 10_000 }).toBe(1);
  // Kept to be sent again, not refused: the allowance refills and the next flushes send it.
  expect((await outboxItem.getValue()).map((e) => ({ key: e.body.idempotencyKey, error: e.error }))).toEqual([
    { key: second.idempotencyKey, error: undefined },
  ]);
  const stored = (key: string) =>
    limited.app.repos.log.byIdempotencyKey(limited.seeded.acme.tenantId, actorKey(limited.seeded.acme.users.agent, key));
  expect(await stored(first.idempotencyKey)).not.toBeNull();
  expect(await stored(second.idempotencyKey)).toBeNull();
  socket.disconnect();
}, 30_000);
