/**
 * Signals agree with themselves (issue 19): what is pushed live after an event is what a fresh
 * snapshot of the same ticket shows, once the panel keeps its own ticket's parts (SLA clock and
 * conversation mood); and the ticket the agent is working counts among the open tickets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Signals } from '@shared/schemas/signals';
import { startTestApp, type ClientSocket, type TestApp } from '../support/app';
import { open, opened } from '../support/helpdesk-instances';
import { nextSignals } from '../support/pushed-signals';
import { postEvent } from '../support/webhook';

let t: TestApp;
let key: { id: string; secret: string };
beforeAll(async () => {
  t = await startTestApp();
  key = { id: 'acme-demo', secret: (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret };
});
afterAll(() => t.close());

const DANA = { email: 'dana.whitfield@example.com' };

async function agent(): Promise<ClientSocket> {
  const { socket, error } = await t.socket(await t.token('agent@acme.test'));
  if (error) throw new Error(error);
  return socket;
}

async function contextOn(s: ClientSocket, ticketId: string) {
  const res = opened(await open(s, 'acme.zendesk.com', ticketId, DANA));
  if (res.status !== 'known') throw new Error(res.status);
  return res;
}

/** Posts an event for Dana and returns the signals pushed to `s` because of it. */
async function pushedAfter(s: ClientSocket, event: Record<string, unknown>): Promise<Signals> {
  const pushed = nextSignals(s);
  const res = await postEvent(t.url, key, { customer: DANA, ...event });
  expect(res.status).toBe(200);
  return (await pushed).signals;
}

/** As the panel merges a customer-wide push (extension/panel/state.ts withSignals): its own ticket's parts stay. */
const asPanelShows = (before: Signals, pushed: Signals): Signals => ({ ...pushed, sla: before.sla, sentiment: before.sentiment });

describe('a live push and a fresh snapshot agree', () => {
  it('after an event, the pushed signals are what reopening the ticket shows', async () => {
    const s = await agent();
    const first = await contextOn(s, '101');
    // Dana's messages on this ticket get worse: the conversation's mood is this ticket's own.
    const scored = await s.emitWithAck('interaction:messages', {
      interactionId: first.interactionId,
      messages: [{ text: 'Thanks, that is great, I appreciate it' }, { text: 'Awful. Terrible, angry, worst service ever.' }],
    });
    if (!('data' in scored)) throw new Error(scored.error);
    expect(scored.data.sentiment.trend).toBe('worsening');

    const pushed = await pushedAfter(s, { type: 'payment.failed', data: { amountCents: 2500, currency: 'USD' } });
    const fresh = (await contextOn(s, '101')).context.signals;
    expect(fresh.churn.reasons).toContain('a payment failed in the last 30 days');
    // The ticket's own contact is not a repeat, in the push or in the snapshot.
    expect(fresh.repeatContact.count).toBe(0);
    expect(asPanelShows(scored.data, pushed)).toEqual(fresh);
  });

  it('a contact on another ticket is one repeat, counted alike on either ticket and in the push', async () => {
    const s = await agent();
    await contextOn(s, '101');
    const pushed = await pushedAfter(s, {
      type: 'contact.opened',
      data: { channel: 'chat', ticketRef: 'zendesk@acme.zendesk.com:150', subject: 'About that double charge' },
    });
    const on101 = (await contextOn(s, '101')).context.signals;
    const on150 = (await contextOn(s, '150')).context.signals;
    for (const signals of [pushed, on101, on150]) {
      expect(signals.repeatContact.count).toBe(1);
      expect(signals.churn.reasons).toContain('contacted us 2 times in 7 days');
    }
    expect(asPanelShows(on101, pushed)).toEqual(on101);
  });
});

describe('open tickets', () => {
  it('counts the ticket the agent is working, even before any contact event names it', async () => {
    const s = await agent();
    const stored = (await contextOn(s, '101')).context.openTickets.map((x) => x.ref);
    // The ticket on screen, stored: counted once.
    expect(stored.filter((r) => r === 'zendesk@acme.zendesk.com:101')).toHaveLength(1);
    const onNew = (await contextOn(s, '777')).context.openTickets.map((x) => x.ref);
    expect(onNew).toContain('zendesk@acme.zendesk.com:777');
    expect(onNew).toHaveLength(stored.length + 1);
  });
});
