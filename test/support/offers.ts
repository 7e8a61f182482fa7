/**
 * Three offers with no eligibility conditions, so everyone is eligible and what differs between
 * agents and customers is the policy's say alone: one within a first-level agent's account credit
 * leeway ($30), one above it (a team lead approves), and a step. The panel shows up to three.
 */
import { expect } from 'vitest';
import type { TestApp } from './app';

export const TEST_OFFERS = [
  {
    id: 'small-credit',
    name: 'Small credit',
    kind: { type: 'action', action: 'account_credit', reasonCode: 'goodwill' },
    amount: { rule: 'fixed', cents: 1500 },
    businessValueCents: 4000,
  },
  {
    id: 'big-credit',
    name: 'Big credit',
    kind: { type: 'action', action: 'account_credit', reasonCode: 'goodwill' },
    amount: { rule: 'fixed', cents: 9000 },
    businessValueCents: 9000,
  },
  { id: 'call-back', name: 'Call back tomorrow', kind: { type: 'step', step: 'call_back' }, businessValueCents: 500 },
];

/** The admin saves TEST_OFFERS as acme's offers. */
export async function saveTestOffers(t: TestApp, note: string): Promise<void> {
  const res = await t.app.inject({
    method: 'PUT',
    url: '/v1/settings/offers',
    headers: { authorization: `Bearer ${await t.token('admin@acme.test')}` },
    payload: { offers: TEST_OFFERS, note },
  });
  expect(res.statusCode, res.body).toBe(200);
}
