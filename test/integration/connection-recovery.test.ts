/**
 * A short drop resumes the same socket.io session: the broadcasts missed meanwhile arrive on
 * reconnect, the token is checked again, and rooms of interactions closed by the drop are left.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';
import { customerRoom } from '../../server/src/sockets/rooms';
import { startTestApp, type TestApp } from '../support/app';
import { postEvent } from '../support/webhook';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let t: TestApp;
const clients: ClientSocket[] = [];
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await t.close();
});

/** Reconnects only when told to, so the test decides what happens while it is away. */
async function connect(token: string): Promise<ClientSocket> {
  const s: ClientSocket = io(t.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  clients.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', reject);
  });
  return s;
}

/** The network drops under the client: its transport closes, with no goodbye to the server. */
async function drop(s: ClientSocket) {
  const id = s.id; // the client forgets it on disconnect
  const gone = new Promise((resolve) => s.once('disconnect', resolve));
  s.io.engine.close();
  expect(await gone).not.toMatch(/^io (client|server) disconnect$/); // not a goodbye: a drop
  // The server has noticed too.
  await expect.poll(async () => (await t.app.io.fetchSockets()).some((x) => x.id === id)).toBe(false);
}

const openDana = (s: ClientSocket) =>
  s.emitWithAck('interaction:open', {
    helpdesk: 'zendesk',
    instance: 'acme.zendesk.com',
    ticketId: '101',
    requester: { email: 'dana.whitfield@example.com' },
  });
const ingestKey = async () => {
  const key = (await t.app.repos.tenants.ingestKey('acme-demo'))!;
  return { id: key.id, secret: key.secret };
};

describe('connection state recovery', () => {
  it('replays an event pushed while the connection was down, on the same session', async () => {
    const s = await connect(await t.token('agent@acme.test'));
    const opened = await openDana(s);
    if (!('data' in opened) || opened.data.status !== 'known') throw new Error(JSON.stringify(opened));
    const danaId = opened.data.context.customer.id;
    const id = s.id;
    const received: string[] = [];
    s.on('customer:event', (p) => received.push(p.event.id));
    const push = () =>
      postEvent(t.url, key, {
        type: 'payment.failed',
        customer: { email: 'dana.whitfield@example.com' },
        data: { amountCents: 4900, currency: 'USD', reason: 'card declined' },
      });
    const key = await ingestKey();
    // Live first: each broadcast carries the offset a resume starts from (socket.io recovers only from a known offset).
    const live = await push();
    await expect.poll(() => received).toEqual([live.body.eventId]);

    await drop(s);
    const ev = await push();
    expect(ev.status).toBe(200);
    expect(received).toEqual([live.body.eventId]);

    const back = new Promise<void>((resolve) => s.once('connect', () => resolve()));
    s.connect();
    await back;
    expect(s.recovered).toBe(true);
    expect(s.id).toBe(id);
    await expect.poll(() => received).toEqual([live.body.eventId, ev.body.eventId]);

    // The drop closed the interaction, so the customer's room was left; opening again rejoins it.
    const rooms = async () => (await t.app.io.fetchSockets()).find((x) => x.id === s.id)!.rooms;
    expect(await rooms()).not.toContain(customerRoom(t.seeded.acme.tenantId, danaId));
    await openDana(s);
    expect(await rooms()).toContain(customerRoom(t.seeded.acme.tenantId, danaId));
  });

  it('checks the token again on resume: an invalid one is refused', async () => {
    const s = await connect(await t.token('agent@acme.test'));
    await drop(s);
    s.auth = { token: 'not-a-token' };
    const refused = new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.connect();
    expect((await refused).message).toMatch(/not valid|sign in/i);
    expect(s.connected).toBe(false);
  });

  it('does not resume a session signed out during the drop: nothing it missed is sent', async () => {
    const token = await t.token('agent@acme.test');
    const s = await connect(token);
    await openDana(s);
    const key = await ingestKey();
    const push = () =>
      postEvent(t.url, key, {
        type: 'order.placed',
        customer: { email: 'dana.whitfield@example.com' },
        data: { orderId: 'R-1', amountCents: 100, currency: 'USD' },
      });
    // Live first, so the client holds an offset to resume from.
    const heard = new Promise<void>((resolve) => s.once('customer:event', () => resolve()));
    expect((await push()).status).toBe(200);
    await heard;

    await drop(s);
    const out = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(200);
    const missed = await push();

    // Every packet that reaches the client, before socket.io decides what to emit.
    const wire: string[] = [];
    s.io.on('packet', (p) => wire.push(JSON.stringify(p)));
    const refused = new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.connect();
    expect((await refused).message).toMatch(/signed out|sign in/i);
    expect(wire.some((p) => p.includes(String(missed.body.eventId)))).toBe(false);
    expect(wire.length).toBeGreaterThan(0); // the refusal itself came over the wire
  });

  it('without a previous session (a restarted server) the connection starts fresh', async () => {
    const s = await connect(await t.token('agent@acme.test'));
    expect(s.recovered).toBe(false);
  });
});
