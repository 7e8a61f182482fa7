/**
 * Thompson sampling decides once per contact (sample.ts contactDraws): every ask in one contact
 * draws the same for an offer, whichever other offers are eligible beside it, so the cards do not
 * reshuffle under the agent between a push and a click; the next contact draws afresh.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { recommend, type RecommendInput } from './recommend';
import { contactDraws } from './sample';
import { customerOf, eventAgo, NOW, offerOf, signalsOf, situationOf } from './test-kit';

const policy = PolicyDocument.parse(DEMO_POLICY);
// Five alike (so any may rank first), and one that only a failed payment makes eligible.
const alike = Array.from({ length: 5 }, (_, i) => offerOf({ id: `alike-${i}`, businessValueCents: 5_000 }));
const afterFailure = offerOf({ id: 'after-failure', eligibility: { failedPayments: { atLeast: 1 } }, businessValueCents: 100 });
const input = (contact: string, failed = false): RecommendInput => ({
  policy,
  situation: situationOf({}),
  customer: customerOf(failed ? [eventAgo('payment.failed', 1)] : []),
  signals: signalsOf('high'),
  offers: [afterFailure, ...alike],
  stats: {},
  rng: contactDraws(contact),
  now: NOW,
});
const draws = (recs: ReturnType<typeof recommend>) => Object.fromEntries(recs.map((r) => [r.offerId, r.factors.propensity]));

describe('one contact, one draw per offer', () => {
  it('asks again in the contact and gets the same list', () => {
    expect(recommend(input('interaction A'))).toEqual(recommend(input('interaction A')));
  });

  it("keeps each offer's draw when another offer becomes eligible before it", () => {
    const before = draws(recommend(input('interaction A')));
    const after = draws(recommend(input('interaction A', true)));
    expect(Object.keys(before)).toHaveLength(3);
    for (const [id, p] of Object.entries(after)) if (id in before) expect(p).toBe(before[id]);
  });

  it('draws afresh for the next contact, so every alike offer gets its turn at the top', () => {
    const first = new Set(Array.from({ length: 200 }, (_, i) => recommend(input(`interaction ${i}`))[0]!.offerId));
    expect([...first].sort()).toEqual(alike.map((o) => o.id));
  });
});
