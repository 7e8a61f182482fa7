/**
 * Whether an offer fits this customer, and why, from the precomputed facts. Two functions on
 * purpose: `eligible` runs for every offer and only compares numbers; `eligibilityReasons` words
 * the facts and runs only for the few offers recommended.
 */
import { type CustomerFacts, countWithin, type EventWindow } from './facts';
import { CHURN_LEVELS, type Offer } from './offer';

/** A customer who opted out (false) of any consent the offer relies on never sees it: a removal, not a lower rank. */
export function optedOut(offer: Offer, facts: CustomerFacts): string | null {
  for (const key of offer.eligibility.consent ?? []) if (facts.consent[key] === false) return key;
  return null;
}

export function eligible(offer: Offer, facts: CustomerFacts): boolean {
  const e = offer.eligibility;
  if (optedOut(offer, facts) !== null) return false;
  if (e.tiers && !e.tiers.includes(facts.tier)) return false;
  if (e.churnAtLeast && facts.churnRank < CHURN_LEVELS.indexOf(e.churnAtLeast)) return false;
  if (e.repeatContactAtLeast != null && facts.repeatContact.count < e.repeatContactAtLeast) return false;
  if (e.failedPayments && countWithin(facts, 'payment.failed', e.failedPayments.withinDays) < e.failedPayments.atLeast) return false;
  for (const c of e.events ?? []) if (countWithin(facts, c.type, c.withinDays) < c.atLeast) return false;
  return true;
}

/** Every count `eligible` may ask of these offers: customerFacts counts them all in its one pass over the events. */
export function windowsOf(offers: readonly Offer[]): EventWindow[] {
  const out: EventWindow[] = [];
  for (const { eligibility: e } of offers) {
    if (e.failedPayments) out.push({ type: 'payment.failed', days: e.failedPayments.withinDays });
    for (const c of e.events ?? []) out.push({ type: c.type, days: c.withinDays });
  }
  return out;
}

/**
 * The event types a recommendation for these offers reads: the windows they count, and orders
 * where an amount is a percent of the latest one. A store may hand the recommender only these
 * (newest first): every other type is never looked at.
 */
export function typesRead(offers: readonly Offer[]): string[] {
  const types = new Set(windowsOf(offers).map((w) => w.type));
  if (offers.some((o) => o.kind.type === 'action' && o.amount?.rule === 'percent')) types.add('order.placed');
  return [...types];
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** "this month" reads better than "in the last 30 days", and says the same to an agent. */
export function windowText(days: number): string {
  if (days === 1) return 'today';
  if (days === 7) return 'this week';
  if (days === 30) return 'this month';
  return `in the last ${days} days`;
}

function failedText(n: number, days: number): string {
  return `${n === 1 ? 'a payment failed' : `payment failed ${times(n)}`} ${windowText(days)}`;
}

/** One clause per standard event type; `n` is at least 1. */
const EVENT_WORDS: Record<string, (n: number) => string> = {
  'order.placed': (n) => (n === 1 ? 'they placed an order' : `they placed ${n} orders`),
  'order.refunded': (n) => (n === 1 ? 'an order was refunded' : `${n} orders were refunded`),
  'subscription.changed': (n) => `they changed their subscription${n === 1 ? '' : ` ${times(n)}`}`,
  'page.visited': (n) => `they visited the site${n === 1 ? '' : ` ${times(n)}`}`,
  'contact.opened': (n) => (n === 1 ? 'they opened a ticket' : `they opened ${n} tickets`),
  'contact.closed': (n) => (n === 1 ? 'a ticket was closed' : `${n} tickets were closed`),
  'survey.answered': (n) => (n === 1 ? 'they answered a survey' : `they answered ${n} surveys`),
};

function eventText(type: string, n: number, days: number): string {
  if (type === 'payment.failed') return failedText(n, days);
  const words = EVENT_WORDS[type];
  return `${words ? words(n) : `“${type.slice('custom.'.length)}” happened ${times(n)}`} ${windowText(days)}`;
}

/**
 * The facts that made the offer eligible, most telling first, each a lowercase clause ("churn
 * risk is high"): reason.ts joins the first two into a sentence, the panel lists them all.
 */
export function eligibilityReasons(offer: Offer, facts: CustomerFacts): string[] {
  const e = offer.eligibility;
  const out: string[] = [];
  if (e.failedPayments) {
    const days = e.failedPayments.withinDays;
    out.push(failedText(countWithin(facts, 'payment.failed', days), days));
  }
  for (const c of e.events ?? []) out.push(eventText(c.type, countWithin(facts, c.type, c.withinDays), c.withinDays));
  if (e.churnAtLeast) out.push(`churn risk is ${facts.churn}`);
  if (e.repeatContactAtLeast != null)
    out.push(`they contacted us ${facts.repeatContact.count + 1} times in ${facts.repeatContact.days} days`);
  if (e.tiers) out.push(`they are a ${facts.tier} customer`);
  return out;
}

/** The consents the offer relies on, as held: a gate, listed with the factors but never the sentence's reason. */
export const consentReasons = (offer: Offer, facts: CustomerFacts): string[] =>
  (offer.eligibility.consent ?? []).map((key) => (facts.consent[key] ? `they consented to ${key}` : `they have not opted out of ${key}`));
