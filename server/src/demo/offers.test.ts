import { describe, expect, it } from 'vitest';
import { OfferList } from '@shared/nba/offer';
import { checkOffers } from '@shared/nba/policy-check';
import { PolicyDocument } from '@shared/schemas/policy';
import { DEMO_OFFERS } from './offers';
import { DEMO_POLICY } from './policy';

describe('the demo offers', () => {
  it("are valid offers over the demo policy's own actions and reasons", () => {
    const offers = OfferList.parse(DEMO_OFFERS);
    expect(checkOffers(offers, PolicyDocument.parse(DEMO_POLICY))).toEqual([]);
    // Steps as well as actions, so the demo shows both.
    expect(new Set(offers.map((o) => o.kind.type))).toEqual(new Set(['action', 'step']));
  });
});
