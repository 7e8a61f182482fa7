/**
 * The outbox tells the server how deep it is (`client:stats`), over a real socket to the real
 * server: what waited while offline is reported on connect, then each change as records land.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorKey } from '../../server/src/idempotency';
import { startTestApp, type TestApp } from '../../test/support/app';
import { outboxItem, type OutboxAuthor } from '../lib/storage';
import { createOutbox, outboxView } from './outbox';
import type { LeewaySocket } from './socket';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const alex = (): OutboxAuthor => ({ userId: t.seeded.acme.users.agent, tenantId: t.seeded.acme.tenantId, name: 'Alex Agent' });
const sasha = (): OutboxAuthor => ({ userId: t.seeded.acme.users.senior, tenantId: t.seeded.acme.tenantId, name: 'Sasha Senior' });

async function connected(email: string): Promise<LeewaySocket> {
  const socket: LeewaySocket = io(t.url, { auth: { token: await t.token(email) }, transports: ['websocket'], autoConnect: false });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()).connect());
  return socket;
}

const record = () => ({
  idempotencyKey: randomUUID(),
  helpdesk: 'zendesk',
  ticketId: '101',
  outcome: 'resolved' as const,
  category: 'billing' as const,
  handleTimeSeconds: 60,
});

describe('the outbox reports its depth', () => {
  it('on connect, then on every change, until it is empty', async () => {
    // Every report the server accepts, in order.
    const reports: number[] = [];
    t.app.io.on('connection', (s) => s.on('client:stats', (p: { outboxDepth: number }) => reports.push(p.outboxDepth)));

    const socket: LeewaySocket = io(t.url, {
      auth: { token: await t.token('agent@acme.test') },
      transports: ['websocket'],
      autoConnect: false,
    });
    const outbox = createOutbox(
      () => socket,
      () => alex(),
      { changed: () => {}, logged: () => {} },
    );
    // Offline: two records wait, and nothing can be reported.
    await outbox.add(record());
    await outbox.add(record());
    expect(reports).toEqual([]);

    // Online: as the background does on "connect".
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()).connect());
    await outbox.flush();
    await expect.poll(() => reports).toEqual([2, 1, 0]);
    const [onServer] = await t.app.io.fetchSockets();
    expect(onServer!.data.outboxDepth).toBe(0);
    socket.disconnect();
  });
});

describe('a record is sent only by its author', () => {
  it('waits, shown as theirs, while another agent is signed in on the browser, and goes when they are back', async () => {
    await outboxItem.setValue([]);
    let socket: LeewaySocket | null = null;
    let me: OutboxAuthor | null = alex();
    const logged: string[] = [];
    const outbox = createOutbox(
      () => socket,
      () => me,
      { changed: () => {}, logged: (_b, receipt) => logged.push(receipt.status) },
    );
    const body = record();
    const stored = (who: OutboxAuthor) =>
      t.app.repos.log.byIdempotencyKey(t.seeded.acme.tenantId, actorKey(who.userId, body.idempotencyKey));

    // Alex finishes a ticket offline, then signs out; Sasha signs in on the same browser.
    await outbox.add(body);
    me = sasha();
    socket = await connected('senior@acme.test');
    await outbox.flush();
    expect(await stored(sasha())).toBeNull();
    expect(await stored(alex())).toBeNull();
    const entries = await outboxItem.getValue();
    expect(outboxView(entries, me)).toEqual({ waiting: 0, refused: [], held: [{ author: 'Alex Agent', count: 1 }], tickets: [] });
    socket.disconnect();

    // Alex signs in again: the record goes, logged as Alex's.
    me = alex();
    socket = await connected('agent@acme.test');
    await outbox.flush();
    expect(logged).toEqual(['stored']);
    expect(await stored(alex())).not.toBeNull();
    expect(await stored(sasha())).toBeNull();
    expect(await outboxItem.getValue()).toEqual([]);
    socket.disconnect();
  });

  it('lets whoever is signed in send a record from before authors were kept', () => {
    const entry = { body: record(), addedAt: new Date().toISOString(), attempts: 0 };
    expect(outboxView([entry], sasha())).toMatchObject({
      waiting: 1,
      refused: [],
      held: [],
      tickets: [{ helpdesk: 'zendesk', ticketId: '101' }],
    });
    expect(outboxView([entry], null).waiting).toBe(0);
  });
});
