/**
 * Issue 23's suggestions follow the customer without being asked: a panel that asked in an
 * interaction is sent them afresh, computed for its own agent, once an event changes its
 * customer; nobody else is sent them, and a burst costs a couple of computations per panel.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PanelRecommendations } from '@shared/schemas/recommendations';
import { startTestApp, type TestApp } from '../support/app';
import { MAX_PUSHED_PER_SIGN_IN } from '../../server/src/services/pushed-panels';
import { open, opened, openKnown } from '../support/helpdesk-instances';
import { askOffers, offerPanel, until } from '../support/offer-panels';
import { offerPushMetrics } from '../support/socket-event-metrics';
import { postEvent } from '../support/webhook';

let t: TestApp;
let key: { id: string; secret: string };
const DANA = 'dana.whitfield@example.com';
const MARCO = 'marco.rossi@example.com';

/** A tenth of the customer's latest order, within every agent's discount leeway: each new order changes its amount. */
const ORDER_DISCOUNT = {
  id: 'order-discount',
  name: 'Discount on the latest order',
  kind: { type: 'action', action: 'discount' },
  amount: { rule: 'percent', percent: 10, maxCents: 2_000 },
  eligibility: { events: [{ type: 'order.placed', withinDays: 14, atLeast: 1 }] },
  businessValueCents: 1_000_000,
  prior: { alpha: 1000, beta: 1 },
};

beforeAll(async () => {
  t = await startTestApp();
  key = { id: 'acme-demo', secret: (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret };
  const res = await t.app.inject({
    method: 'PUT',
    url: '/v1/settings/offers',
    headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
    payload: { offers: [ORDER_DISCOUNT], note: 'offer push test' },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t?.close());

const panel = (email: string, ticketId: string, customer: string) => offerPanel(t, email, ticketId, customer);
const ask = askOffers;
const order = (email: string, amountCents: number) =>
  postEvent(t.url, key, {
    type: 'order.placed',
    customer: { email },
    data: { orderId: crypto.randomUUID(), amountCents, currency: 'USD' },
  });
const discountOf = (p: PanelRecommendations) => p.recommendations.find((r) => r.offerId === ORDER_DISCOUNT.id)?.amountCents;

describe('suggested offers pushed as the customer changes', () => {
  it('a panel that asked is sent its own agent’s suggestions after an event, computed after its ask; nobody else is sent any', async () => {
    const mine = await panel('agent@acme.test', '101', DANA);
    const senior = await panel('senior@acme.test', '102', DANA);
    const silent = await panel('agent@acme.test', '103', DANA); // never asks: its panel shows no suggestions
    const marco = await panel('agent@acme.test', '104', MARCO);
    try {
      const asked = await ask(mine.socket, mine.interactionId);
      await ask(senior.socket, senior.interactionId);
      await ask(marco.socket, marco.interactionId);
      expect(asked.interactionId).toBe(mine.interactionId);

      expect((await order(DANA, 14_300)).status).toBe(200);
      const push = await until(() => mine.pushed.find((p) => discountOf(p) === 1_430), 'the new order’s discount pushed');
      expect(push.interactionId).toBe(mine.interactionId);
      expect(push.seq).toBeGreaterThan(asked.seq);
      await until(() => senior.pushed.find((p) => discountOf(p) === 1_430), 'the senior agent’s own push');

      // Each connection hears of its own interaction only; one that never asked, or shows another customer, hears nothing.
      await new Promise((r) => setTimeout(r, 300));
      expect(mine.pushed.every((p) => p.interactionId === mine.interactionId)).toBe(true);
      expect(senior.pushed.every((p) => p.interactionId === senior.interactionId)).toBe(true);
      expect(silent.pushed).toEqual([]);
      expect(marco.pushed).toEqual([]);
    } finally {
      for (const p of [mine, senior, silent, marco]) p.socket.close();
    }
  });

  it('a burst of events costs a panel a couple of computations, and the last one is current', async () => {
    const mine = await panel('agent@acme.test', '121', DANA);
    try {
      await ask(mine.socket, mine.interactionId);
      const before = await offerPushMetrics(t.url);
      const amounts = Array.from({ length: 20 }, (_, i) => 15_000 + i * 10);
      for (const cents of amounts) expect((await order(DANA, cents)).status).toBe(200);
      // The window's trailing push computes from everything stored: the last order's discount.
      await until(() => mine.pushed.find((p) => discountOf(p) === amounts.at(-1)! / 10), 'the last order’s discount');
      await new Promise((r) => setTimeout(r, 600));
      const pushes = (await offerPushMetrics(t.url)).count - before.count;
      expect(pushes).toBeGreaterThanOrEqual(1);
      expect(pushes).toBeLessThan(amounts.length / 2);
    } finally {
      mine.socket.close();
    }
  });

  it('stops once the panel closes the ticket, while the same connection’s other ticket of the customer still hears', async () => {
    const mine = await panel('agent@acme.test', '122', DANA);
    try {
      const other = await openKnown(mine.socket, '123', DANA);
      await ask(mine.socket, mine.interactionId);
      await ask(mine.socket, other);
      const closed = await mine.socket.emitWithAck('interaction:close', { interactionId: mine.interactionId });
      expect(closed).toHaveProperty('data');
      expect((await order(DANA, 16_600)).status).toBe(200);
      await until(() => mine.pushed.find((p) => discountOf(p) === 1_660), 'the open ticket’s push');
      await new Promise((r) => setTimeout(r, 300));
      expect(mine.pushed.map((p) => p.interactionId)).toEqual([other]);
    } finally {
      mine.socket.close();
    }
  });

  it(`is sent for the ${MAX_PUSHED_PER_SIGN_IN} interactions a sign-in asked in last, not for every one it ever asked in`, async () => {
    const { socket, error } = await t.socket(await t.token('agent@acme.test'));
    if (error) throw new Error(error);
    const pushed: PanelRecommendations[] = [];
    socket.on('offer:recommendations', (p) => void pushed.push(p));
    try {
      const interactions: string[] = [];
      for (let i = 0; i <= MAX_PUSHED_PER_SIGN_IN; i++) interactions.push(await openKnown(socket, String(130 + i), DANA));
      for (const interactionId of interactions) await ask(socket, interactionId);
      // The first asks again: it is among the latest once more, and the second is the oldest.
      await ask(socket, interactions[0]!);
      expect((await order(DANA, 17_700)).status).toBe(200);
      await until(() => (pushed.length >= MAX_PUSHED_PER_SIGN_IN ? true : undefined), 'the pushes');
      await new Promise((r) => setTimeout(r, 300));
      const to = new Set(pushed.map((p) => p.interactionId));
      expect(to.size).toBe(MAX_PUSHED_PER_SIGN_IN);
      expect(to.has(interactions[0]!)).toBe(true);
      expect(to.has(interactions[1]!)).toBe(false);
      // The oldest is still answered when it asks.
      expect(discountOf(await ask(socket, interactions[1]!))).toBe(1_770);
    } finally {
      socket.close();
    }
  });

  it('an event stored while the first ask is computed is pushed after its answer', async () => {
    const mine = await panel('agent@acme.test', '140', DANA);
    try {
      const history = t.app.repos.offerHistory;
      const read = history.of.bind(history);
      // The ask reads the history, then an order is stored before it answers: its answer is already stale.
      vi.spyOn(history, 'of').mockImplementationOnce(async (...args) => {
        const before = await read(...args);
        expect((await order(DANA, 18_800)).status).toBe(200);
        return before;
      });
      const asked = await ask(mine.socket, mine.interactionId);
      expect(discountOf(asked)).not.toBe(1_880);
      const push = await until(() => mine.pushed.find((p) => discountOf(p) === 1_880), 'the order stored during the ask, pushed');
      expect(push.seq).toBeGreaterThan(asked.seq);
    } finally {
      mine.socket.close();
    }
  });

  // Last: it leaves the tenant's offers doubled.
  it('a new version of the tenant’s offers or policy is pushed to its panels that asked; another tenant’s hear nothing', async () => {
    const mine = await panel('agent@acme.test', '150', DANA);
    const { socket: theirs, error } = await t.socket(await t.token('agent@globex.test'));
    if (error) throw new Error(error);
    const theirPushes: PanelRecommendations[] = [];
    theirs.on('offer:recommendations', (p) => void theirPushes.push(p));
    const admin = { authorization: `Bearer ${await t.token('admin@acme.test')}` };
    try {
      const theirInteraction = opened(await open(theirs, 'globex.zendesk.com', '7', { email: 'hank@globex.example' })).interactionId;
      await ask(theirs, theirInteraction);
      const asked = await ask(mine.socket, mine.interactionId);
      const before = discountOf(asked)!;

      const doubled = { ...ORDER_DISCOUNT, amount: { ...ORDER_DISCOUNT.amount, percent: 20, maxCents: 4_000 } };
      const saved = await t.app.inject({ method: 'PUT', url: '/v1/settings/offers', headers: admin, payload: { offers: [doubled] } });
      expect(saved.statusCode, saved.body).toBe(200);
      const push = await until(() => mine.pushed.find((p) => discountOf(p) === before * 2), 'the new offers’ discount, pushed');
      expect(push.seq).toBeGreaterThan(asked.seq);

      const policy = (await t.app.inject({ method: 'GET', url: '/v1/policy', headers: admin })).json() as { document: object };
      const published = await t.app.inject({
        method: 'POST',
        url: '/v1/policy/versions',
        headers: admin,
        payload: { document: policy.document, note: 'offer push test' },
      });
      expect(published.statusCode, published.body).toBe(201);
      const version = (published.json() as { version: number }).version;
      // Computed under the new version, and saying so: the panel then shows that version's leeway.
      await until(
        () => mine.pushed.find((p) => p.seq > push.seq && p.policyVersion === version),
        'suggestions under the policy’s new version',
      );
      expect(push.policyVersion).toBe(version - 1);

      await new Promise((r) => setTimeout(r, 300));
      expect(theirPushes).toEqual([]);
    } finally {
      mine.socket.close();
      theirs.close();
    }
  });
});

describe('shutting down while a push is computed', () => {
  it('waits for it before the database closes: nothing fails under it', async () => {
    const own = await startTestApp();
    let closed = false;
    try {
      const secret = (await own.app.repos.tenants.ingestKey('acme-demo'))!.secret;
      const admin = { authorization: `Bearer ${await own.token('admin@acme.test')}` };
      const saved = await own.app.inject({
        method: 'PUT',
        url: '/v1/settings/offers',
        headers: admin,
        payload: { offers: [ORDER_DISCOUNT] },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const { socket, error } = await own.socket(await own.token('agent@acme.test'));
      if (error) throw new Error(error);
      const interactionId = await openKnown(socket, '160', DANA);
      expect((await socket.emitWithAck('offer:recommend', { interactionId })) as object).toHaveProperty('data');
      // The push's read of the offer history is slow: the server is told to close meanwhile.
      const history = own.app.repos.offerHistory;
      const read = history.of.bind(history);
      let reading: () => void = () => {};
      const started = new Promise<void>((r) => (reading = r));
      vi.spyOn(history, 'of').mockImplementationOnce(async (...args) => {
        reading();
        await new Promise((r) => setTimeout(r, 300));
        return read(...args);
      });
      const failed = vi.spyOn(own.app.log, 'error');
      const event = { type: 'order.placed', customer: { email: DANA }, data: { orderId: 'drain-1', amountCents: 5_000, currency: 'USD' } };
      expect((await postEvent(own.url, { id: 'acme-demo', secret }, event)).status).toBe(200);
      await started;
      await own.close();
      closed = true;
      // Had the push outlived the close, its read would fail once its delay is up.
      await new Promise((r) => setTimeout(r, 400));
      expect(failed.mock.calls.map((c) => String(c.at(-1)))).toEqual([]);
    } finally {
      if (!closed) await own.close();
    }
  });
});
