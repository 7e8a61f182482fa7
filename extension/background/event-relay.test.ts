/**
 * A stored event reaches the panels showing its customer; the customer-wide signals it came with
 * (the server sends them in the event's message when it is the first change in the customer's push
 * window) follow it as their own push would, and a panel on another customer hears neither.
 */
import { describe, expect, it } from 'vitest';
import type { CustomerEvent } from '@shared/schemas/customer-events';
import type { Signals } from '@shared/schemas/signals';
import { pairedTab, sessions } from './panel-sessions.harness';

const event = { id: 'e1', customerId: 'cust-dana', type: 'payment.failed' } as unknown as CustomerEvent;
const signals = { churn: { level: 'high', score: 70, reasons: ['a payment failed in the last 30 days'] } } as unknown as Signals;
const relayed = (posted: { type: string }[]) => posted.filter((m) => m.type === 'event' || m.type === 'signals');

describe('customer events relayed to panels', () => {
  it('posts the event, then the signals it carried, to the panel showing its customer', async () => {
    const { p } = await pairedTab();
    sessions.relayCustomerEvent({ customerId: 'cust-dana', event, signals });
    expect(relayed(p.posted)).toEqual([
      { type: 'event', customerId: 'cust-dana', event },
      { type: 'signals', key: null, customerId: 'cust-dana', signals },
    ]);
  });

  it('posts an event that came alone as the event only (its signals follow in their own push)', async () => {
    const { p } = await pairedTab();
    sessions.relayCustomerEvent({ customerId: 'cust-dana', event });
    expect(relayed(p.posted)).toEqual([{ type: 'event', customerId: 'cust-dana', event }]);
  });

  it('tells a panel on another customer nothing', async () => {
    const { p } = await pairedTab();
    sessions.relayCustomerEvent({ customerId: 'cust-marco', event: { ...event, customerId: 'cust-marco' }, signals });
    expect(relayed(p.posted)).toEqual([]);
  });
});
