/**
 * Builders the recommender's tests share, and later the server's and the panel's tests: a
 * situation, signals and a customer with sensible defaults, each overridable in one line.
 */
import type { Situation } from '../policy/types';
import type { Signals } from '../schemas/signals';
import { type CustomerFacts, customerFacts, type FactEvent, type NbaCustomer } from './facts';
import { Offer, type OfferInput } from './offer';

export const NOW = Date.parse('2026-11-23T10:00:00Z');
const DAY = 86_400_000;

export type NbaSignals = Pick<Signals, 'churn' | 'repeatContact'>;

export const situationOf = (over: {
  agent?: Partial<Situation['agent']>;
  customer?: Partial<Situation['customer']>;
  usage?: Partial<Situation['usage']>;
}): Situation => ({
  agent: { level: 1, team: 'billing', ...over.agent },
  customer: { tier: 'gold', flags: [], ...over.customer },
  usage: { caps: {}, agentTodayCents: 0, teamTodayCents: 0, ...over.usage },
});

export const signalsOf = (churn: Signals['churn']['level'] = 'low', repeat = 0): NbaSignals => ({
  churn: { level: churn, score: churn === 'high' ? 60 : churn === 'medium' ? 30 : 0, reasons: [] },
  repeatContact: { count: repeat, days: 7 },
});

/** An event `daysAgo` days before NOW. */
export const eventAgo = (type: string, daysAgo: number, data?: unknown): FactEvent => ({
  type,
  occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
  data,
});

export const customerOf = (events: FactEvent[] = [], consent: Record<string, boolean> = {}): NbaCustomer => ({ consent, events });

export function factsOf(
  opts: { tier?: Situation['customer']['tier']; signals?: NbaSignals; events?: FactEvent[]; consent?: Record<string, boolean> } = {},
): CustomerFacts {
  return customerFacts({
    tier: opts.tier ?? 'gold',
    customer: customerOf(opts.events, opts.consent),
    signals: opts.signals ?? signalsOf(),
    now: NOW,
  });
}

/** A fixed account credit of `cents`, open to everyone unless `over` says otherwise. */
export const offerOf = (over: Partial<OfferInput> & { id: string }): Offer =>
  Offer.parse({
    name: 'Account credit',
    kind: { type: 'action', action: 'account_credit', reasonCode: 'goodwill' },
    amount: { rule: 'fixed', cents: 1_500 },
    businessValueCents: 5_000,
    ...over,
  });
