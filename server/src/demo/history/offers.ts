/**
 * Suggested offers in the demo's six weeks, so the offer report (QA's and supervisors') and the
 * recommender's "answers so far" start from something real: each contact's panel showed the demo
 * offers (../offers.ts) its situation fits, the customer's answers were marked now and then, and
 * a grant of an offer's action implies its acceptance through the product's own resolution code.
 */
import type { NewImpression } from '../../repositories/offer-impressions';
import { DEMO_OFFERS } from '../offers';
import type { SeededRandom } from './clock';

/** A demo offer as a panel shows it: its action and opening amount, grantable by every demo agent (or a step). */
function shownAs(id: string): NewImpression {
  const o = DEMO_OFFERS.find((d) => d.id === id);
  if (!o) throw new Error(`no demo offer ${id}`);
  if (o.kind.type === 'step') return { offerId: id, action: null, amountCents: null, mode: 'step' };
  const amountCents = o.amount?.rule === 'fixed' ? o.amount.cents : (o.amount?.minCents ?? null);
  return { offerId: id, action: o.kind.action, amountCents, mode: 'grantable' };
}
const RETENTION = shownAs('retention-credit');
const SHIPPING = shownAs('expedited-shipping');
const GOODWILL = shownAs('repeat-contact-goodwill');
const CALL_BACK = shownAs('call-back');

export interface DemoOffers {
  /** What the panel showed, in its order. */
  shown: NewImpression[];
  /** The answers the agent marked (the rest are implied by a grant, or left unanswered). */
  marked: { offerId: string; accepted: boolean }[];
}

/** Planned with the contact (the seeded draws stay in order): what was shown beside the gesture granted, if any. */
export function demoOffersFor(rng: SeededRandom, granted: string | null): DemoOffers {
  const shown = [
    ...(granted === 'account_credit' || rng.chance(0.3) ? [RETENTION] : []),
    ...(granted === 'expedited_shipping' || rng.chance(0.25) ? [SHIPPING] : []),
    ...(rng.chance(0.2) ? [GOODWILL] : []),
    ...(rng.chance(0.35) ? [CALL_BACK] : []),
  ].slice(0, 3);
  // An offer whose action was granted is implied accepted by the resolution; the others the agent
  // marks about half the time, declined more often than not.
  const marked = shown
    .filter((s) => s.action === null || s.action !== granted)
    .flatMap((s) => (rng.chance(0.5) ? [{ offerId: s.offerId, accepted: rng.chance(0.35) }] : []));
  return { shown, marked };
}
