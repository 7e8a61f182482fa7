/**
 * When the server cannot save a record for a reason that is not the record's fault (here: the
 * database is locked by another writer past its busy timeout; a full or read-only disk answers
 * the same way), the ack says `retry`: the outbox keeps the record, not marked refused, and
 * the next flush stores it once.
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
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

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
  const body = {
    idempotencyKey: randomUUID(),
    helpdesk: 'zendesk',
    ticketId: '101',
    outcome: 'resolved' as const,
    category: 'billing' as const,
    handleTimeSeconds: 60,
  };

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
