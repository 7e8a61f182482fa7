/**
 * Webhook sent → a new suggested offer in the panel (issue 23): the admin adds a discount of 10%
 * of the customer's latest order, eligible on an order in the last 14 days and within every
 * agent's discount leeway ($20), ranked first whatever the draws. Each sample sends a signed
 * `order.placed` with an amount no other sample uses, and waits until that offer's card shows a
 * tenth of it as a one-click grant: the event stored, the suggestions computed for this panel's
 * agent and pushed to it (services/panel-recommendations.ts), and their render.
 */
import { randomUUID } from 'node:crypto';
import type { Frame } from 'playwright-core';
import { formatMoney } from '@shared/describe-event';
import type { OfferInput } from '@shared/nba/offer';
import { apiToken } from '../test/support/stack';
import { sendSignedEvent } from './signed-event';

declare global {
  interface Window {
    /** The bench offer's amount as shown → when it was first shown as a one-click grant. */
    __leewayOfferSeen?: Record<string, number>;
  }
}

export const BENCH_OFFER_ID = 'bench-order-discount';
const PERCENT = 10;
/** The demo policy's discount limit, for every agent (server/src/demo/policy.ts). */
const MAX_CENTS = 2_000;
/** The first sample's discount: the seeded order ($129) shows $12.90, which no sample repeats. */
const FIRST_CENTS = 101;

const BENCH_OFFER: OfferInput = {
  id: BENCH_OFFER_ID,
  name: 'Discount on the latest order',
  kind: { type: 'action', action: 'discount' },
  amount: { rule: 'percent', percent: PERCENT, maxCents: MAX_CENTS },
  eligibility: { events: [{ type: 'order.placed', withinDays: 14, atLeast: 1 }] },
  // Worth far more than any demo offer and all but certain to be accepted: first, every draw.
  businessValueCents: 1_000_000,
  prior: { alpha: 1000, beta: 1 },
};

/** As the demo admin: the tenant's offers in force, with the bench offer added. */
export async function addBenchOffer(serverUrl: string): Promise<void> {
  const headers = { authorization: `Bearer ${await apiToken(serverUrl, 'admin@acme.test')}`, 'content-type': 'application/json' };
  const current = (await (await fetch(`${serverUrl}/v1/settings/offers`, { headers })).json()) as { offers?: OfferInput[] };
  const offers = [...(current.offers ?? []).filter((o) => o.id !== BENCH_OFFER_ID), BENCH_OFFER];
  const res = await fetch(`${serverUrl}/v1/settings/offers`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ offers, note: 'bench: recommendation latency' }),
  });
  if (res.status !== 200) throw new Error(`saving the bench offer: ${res.status} ${await res.text()}`);
}

export interface OrderSent {
  /** When it was sent (node clock). */
  t0: number;
  /** What the bench offer shows for it, as the panel writes money. */
  amount: string;
  eventId: string;
}

/** Sends one order, each a different amount. */
export function orderSender(serverUrl: string, key: { id: string; secret: string }): () => Promise<OrderSent> {
  let n = 0;
  return async () => {
    const offerCents = FIRST_CENTS + n++;
    if (offerCents > MAX_CENTS) throw new Error('out of distinct bench amounts');
    const [t0, eventId] = await sendSignedEvent(serverUrl, key, {
      type: 'order.placed',
      data: { orderId: `bench-${randomUUID()}`, amountCents: (offerCents * 100) / PERCENT, currency: 'USD' },
    });
    return { t0, amount: formatMoney(offerCents, 'USD'), eventId };
  };
}

// Source text, as in page-probe.ts (no tsx helpers in the page).
const WATCH_OFFER = `(() => {
  const root = document.querySelector('.panel');
  if (!root) throw new Error('no .panel in the panel frame');
  const seen = (window.__leewayOfferSeen = {});
  const scan = () => {
    const t = performance.timeOrigin + performance.now();
    const card = root.querySelector('li[data-offer="${BENCH_OFFER_ID}"][data-mode="grantable"]');
    const amount = card && card.querySelector('.amount');
    const button = card && card.querySelector('button.grant');
    if (amount && button && button.textContent === 'Grant ' + amount.textContent) seen[amount.textContent] ??= t;
  };
  scan();
  new MutationObserver(scan).observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
})()`;

/** Records, for every amount the bench offer shows as a one-click grant from now on, when it first did. */
export async function watchBenchOffer(frame: Frame): Promise<void> {
  await frame.evaluate(WATCH_OFFER);
}

/** Waits until the bench offer shows `amount` as a one-click grant and returns when it first did (page clock). */
export async function offerSeenAt(frame: Frame, amount: string, timeoutMs = 10_000): Promise<number> {
  try {
    const handle = await frame.waitForFunction((a) => window.__leewayOfferSeen?.[a], amount, { timeout: timeoutMs, polling: 'raf' });
    return (await handle.jsonValue()) as number;
  } catch (e) {
    const shown = await frame
      .locator('[data-field="recommendations"]')
      .textContent({ timeout: 1_000 })
      .catch(() => '(no suggested offers shown)');
    throw new Error(`the bench offer never showed Grant ${amount}; shown:\n${shown}`, { cause: e });
  }
}
