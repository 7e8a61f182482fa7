/**
 * Signals are computed for someone (issue 21): an event for a customer nobody watches stores the
 * event and computes nothing more; once an agent opens the customer's ticket, the next event's
 * signals are pushed to them, each push computed once (at most two per customer per 100 ms:
 * coalescer.ts). The first event of a window carries its signals in its own message, computed
 * from what its transaction left, without a read. An event they do not count (an order) pushes none.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Signals } from '@shared/schemas/signals';
import { customerWideSignals } from '../../server/src/services/context';
import { startTestApp, type TestApp } from '../support/app';
import { open, opened } from '../support/helpdesk-instances';
import { onSignals, type SignalsVia } from '../support/pushed-signals';
import { postEvent } from '../support/webhook';

let t: TestApp;
let key: { id: string; secret: string };
beforeAll(async () => {
  t = await startTestApp();
  key = { id: 'acme-demo', secret: (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret };
});
afterAll(() => t.close());

const PRIYA = { email: 'priya@example.com' };
const visit = () =>
  postEvent(t.url, key, { type: 'page.visited', customer: PRIYA, data: { url: 'https://shop.example.com/account/cancel' } });

/** An agent's socket with Priya's ticket open. */
async function watchingPriya(ticketId: string) {
  const { socket, error } = await t.socket(await t.token('agent@acme.test'));
  if (error) throw new Error(error);
  const res = opened(await open(socket, 'acme.zendesk.com', ticketId, PRIYA));
  if (res.status !== 'known') throw new Error(res.status);
  return { socket, res };
}

describe('signals pushes', () => {
  it('computes nothing for a customer nobody watches', async () => {
    const reads = vi.spyOn(t.app.repos.customers, 'signalSummary');
    expect((await visit()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
  });

  it('pushes to the agent who opened the customer’s ticket, each push computed once', async () => {
    const { socket } = await watchingPriya('7001');
    const pushes: SignalsVia[] = [];
    onSignals(socket, (p) => pushes.push(p.via));
    const reads = vi.spyOn(t.app.repos.customers, 'signalSummary');
    const answers = await Promise.all(Array.from({ length: 20 }, visit));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await expect.poll(() => pushes.length).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 300));
    // How many depends on how the burst spread over 100 ms windows (coalescer.test.ts counts them on a
    // fake clock); those an event carried were computed from its transaction, without a read.
    expect(reads.mock.calls.length).toBe(pushes.filter((v) => v === 'push').length);
    reads.mockRestore();
    socket.disconnect();
  });

  it('sends the first event of a window with its signals, computed without a read, as a read computes them; the rest of a burst is folded into a push', async () => {
    const { socket, res } = await watchingPriya('7002');
    await new Promise((r) => setTimeout(r, 250)); // any window of the tests above has ended
    const events: { signals?: Signals }[] = [];
    socket.on('customer:event', (p) => events.push(p));
    const pushes: Signals[] = [];
    socket.on('customer:signals', (p) => pushes.push(p.signals));
    const delivered: Signals[] = []; // either way, in the order they came
    onSignals(socket, (p) => delivered.push(p.signals));
    const reads = vi.spyOn(t.app.repos.customers, 'signalParts');

    expect((await visit()).status).toBe(200);
    await expect.poll(() => events.length).toBe(1);
    const carried = events[0]!.signals;
    expect(carried?.churn.reasons).toContain('visited the cancellation page in the last 14 days');
    expect(reads).not.toHaveBeenCalled();
    const tenant = await t.app.repos.tenants.bySlug('acme');
    const read = await customerWideSignals(t.app, tenant!.id, res.context.customer.id);
    expect(carried).toEqual(read!.signals);
    reads.mockClear();

    // A burst: the events that find the window open come alone and are folded into its push, computed by a
    // read, so every change reaches the panel once the last push has landed.
    const burst = await Promise.all(Array.from({ length: 5 }, visit));
    expect(burst.every((a) => a.status === 200)).toBe(true);
    await expect.poll(() => events.length).toBe(6);
    const alone = events.slice(1).filter((e) => !e.signals).length;
    expect(alone).toBeGreaterThan(0);
    await expect.poll(() => pushes.length).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(reads).toHaveBeenCalledTimes(pushes.length);
    expect(delivered.at(-1)).toEqual((await customerWideSignals(t.app, tenant!.id, res.context.customer.id))!.signals);
    reads.mockRestore();
    socket.disconnect();
  });

  it('pushes no signals for an event they do not count (an order): the event comes alone and nothing is read', async () => {
    const { socket } = await watchingPriya('7003');
    await new Promise((r) => setTimeout(r, 250)); // any window of the tests above has ended
    const delivered: SignalsVia[] = [];
    onSignals(socket, (p) => delivered.push(p.via));
    const events: unknown[] = [];
    socket.on('customer:event', (p) => events.push(p));
    const reads = vi.spyOn(t.app.repos.customers, 'signalParts');
    const order = () =>
      postEvent(t.url, key, {
        type: 'order.placed',
        customer: PRIYA,
        data: { orderId: `o-${Math.random()}`, amountCents: 4_200, currency: 'USD' },
      });
    expect((await order()).status).toBe(200);
    expect((await order()).status).toBe(200);
    await expect.poll(() => events.length).toBe(2);
    await new Promise((r) => setTimeout(r, 300)); // past the window a push would have ended with
    expect(delivered).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    socket.disconnect();
  });
});
