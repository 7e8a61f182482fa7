/**
 * Signals are computed for someone (issue 21): an event for a customer nobody watches stores the
 * event and computes nothing more; once an agent opens the customer's ticket, the next event's
 * signals are pushed to them, each push computed once (at most two per customer per 100 ms:
 * coalescer.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { open, opened } from '../support/helpdesk-instances';
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

describe('signals pushes', () => {
  it('computes nothing for a customer nobody watches', async () => {
    const reads = vi.spyOn(t.app.repos.customers, 'signalSummary');
    expect((await visit()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
  });

  it('pushes to the agent who opened the customer’s ticket, each push computed once', async () => {
    const { socket, error } = await t.socket(await t.token('agent@acme.test'));
    if (error) throw new Error(error);
    const res = opened(await open(socket, 'acme.zendesk.com', '7001', PRIYA));
    if (res.status !== 'known') throw new Error(res.status);
    const pushes: number[] = [];
    socket.on('customer:signals', () => pushes.push(Date.now()));
    const reads = vi.spyOn(t.app.repos.customers, 'signalSummary');
    const answers = await Promise.all(Array.from({ length: 20 }, visit));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await expect.poll(() => pushes.length).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 300));
    // How many depends on how the burst spread over 100 ms windows (coalescer.test.ts counts them on a fake clock).
    expect(reads.mock.calls.length).toBe(pushes.length);
    reads.mockRestore();
    socket.disconnect();
  });
});
