/**
 * The demo tenants' offers for next best action, over the demo policy's actions (policy.ts): a
 * retention credit for customers about to leave, goodwill after a repeat contact, a card update
 * after a failed payment, faster shipping on a fresh order, and the steps that cost nothing.
 * Values are what one acceptance is worth net of its cost; priors are a first guess at acceptance.
 */
import { OfferList, type OfferInput } from '@shared/nba/offer';
import type { Repositories } from '../repositories';

export const DEMO_OFFERS: OfferInput[] = [
  {
    id: 'retention-credit',
    name: 'Retention credit',
    kind: { type: 'action', action: 'account_credit', reasonCode: 'goodwill' },
    amount: { rule: 'range', minCents: 1_000, maxCents: 2_500 },
    eligibility: { churnAtLeast: 'high' },
    businessValueCents: 12_000,
    prior: { alpha: 3, beta: 4 },
  },
  {
    id: 'repeat-contact-goodwill',
    name: 'Goodwill for the trouble',
    kind: { type: 'action', action: 'goodwill_gesture' },
    amount: { rule: 'fixed', cents: 500 },
    eligibility: { repeatContactAtLeast: 1 },
    businessValueCents: 2_500,
    prior: { alpha: 3, beta: 3 },
  },
  {
    id: 'update-card',
    name: 'Update the card on file',
    kind: { type: 'step', step: 'update_card' },
    eligibility: { failedPayments: { atLeast: 1, withinDays: 30 } },
    businessValueCents: 4_000,
    prior: { alpha: 4, beta: 2 },
  },
  {
    id: 'expedited-shipping',
    name: 'Expedited shipping',
    kind: { type: 'action', action: 'expedited_shipping' },
    amount: { rule: 'fixed', cents: 1_200 },
    eligibility: { events: [{ type: 'order.placed', withinDays: 14, atLeast: 1 }] },
    businessValueCents: 3_000,
    prior: { alpha: 2, beta: 3 },
  },
  {
    id: 'escalate',
    name: 'Escalate to a specialist',
    kind: { type: 'step', step: 'escalate' },
    eligibility: { churnAtLeast: 'medium', repeatContactAtLeast: 2 },
    businessValueCents: 2_000,
    leverWeight: 0.5,
  },
  {
    id: 'call-back',
    name: 'Call back',
    kind: { type: 'step', step: 'call_back' },
    eligibility: { repeatContactAtLeast: 1 },
    businessValueCents: 800,
    prior: { alpha: 1, beta: 3 },
  },
];

/** The demo offers as version 1, unless the tenant has offers already. */
export async function seedDemoOffers(repos: Repositories, tenantId: string, adminId: string) {
  if (await repos.offers.current(tenantId)) return;
  await repos.offers.save(tenantId, adminId, OfferList.parse(DEMO_OFFERS), 'Demo offers');
}

/** A demo database from before offers: its tenants get theirs, once. */
export async function seedDemoOffersOnce(repos: Repositories) {
  for (const slug of ['acme', 'globex']) {
    const [tenant, admin] = await Promise.all([repos.tenants.bySlug(slug), repos.users.byEmail(`admin@${slug}.test`)]);
    if (tenant && admin) await seedDemoOffers(repos, tenant.id, admin.id);
  }
}
