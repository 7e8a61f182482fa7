/**
 * The outbox tells the server how deep it is (`client:stats`), over a real socket to the real
 * server: what waited while offline is reported on connect, then each change as records land.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app';
import { createOutbox } from './outbox';
import type { LeewaySocket } from './socket';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

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
    const outbox = createOutbox(() => socket, { changed: () => {}, logged: () => {} });
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
