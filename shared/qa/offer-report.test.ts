import { describe, expect, it } from 'vitest';
import { GENEROUS_MIN_INTERACTIONS, offerReport, type GrantInInteraction, type ShownOffer } from './offer-report';

const OFFERS = [
  { id: 'small', name: 'Small credit', businessValueCents: 1000 },
  { id: 'large', name: 'Large credit', businessValueCents: 3000 },
];
const USERS = new Map([
  ['ann', { name: 'Ann', team: 'billing' }],
  ['bo', { name: 'Bo', team: 'returns' }],
]);
const period = { from: 0, to: 1000 };

/** An interaction where `who` was shown a $10 and a $25 credit (both within leeway) and granted `cents`. */
function choice(who: string, n: number, cents: number) {
  const id = `${who}-${n}`;
  const shown: ShownOffer[] = [
    { interactionId: id, offerId: 'small', userId: who, action: 'account_credit', amountCents: 1000, mode: 'grantable' },
    { interactionId: id, offerId: 'large', userId: who, action: 'account_credit', amountCents: 2500, mode: 'grantable' },
  ];
  const grants: GrantInInteraction[] = [{ interactionId: id, userId: who, action: 'account_credit', amountCents: cents }];
  return { shown, grants };
}
function run(rounds: { who: string; cents: number }[]) {
  const all = rounds.map((r, i) => choice(r.who, i, r.cents));
  return offerReport(
    {
      offersVersion: 1,
      currency: 'USD',
      offers: OFFERS,
      outcomes: [],
      users: USERS,
      shown: all.flatMap((a) => a.shown),
      grants: all.flatMap((a) => a.grants),
    },
    period,
  );
}

describe('the most generous offer, always', () => {
  it('flags an agent who took the highest in 5 of 5 interactions, with a sentence why', () => {
    const r = run(Array.from({ length: 5 }, () => ({ who: 'ann', cents: 2500 })));
    expect(r.generous).toEqual([
      {
        agentId: 'ann',
        agentName: 'Ann',
        team: 'billing',
        interactions: 5,
        tookHighest: 5,
        share: 1,
        why: 'Ann granted the highest of the amounts suggested in 5 of 5 interactions (100%) where smaller offers were shown too; we flag 90% or more over at least 5.',
      },
    ]);
    expect(r.totals.overrides).toBe(0);
  });

  it('does not flag fewer than the minimum nor 4 of 5; 9 of 10 is 90%, flagged', () => {
    expect(run(Array.from({ length: GENEROUS_MIN_INTERACTIONS - 1 }, () => ({ who: 'ann', cents: 2500 }))).generous).toEqual([]);
    expect(run([2500, 2500, 2500, 2500, 1000].map((cents) => ({ who: 'ann', cents }))).generous).toEqual([]);
    const mixed = run([...Array.from({ length: 9 }, () => ({ who: 'bo', cents: 2500 })), { who: 'bo', cents: 1000 }]);
    expect(mixed.generous.map((g) => [g.agentId, g.tookHighest, g.interactions])).toEqual([['bo', 9, 10]]);
  });

  it('counts only real choices: equal amounts, an offer above the leeway, or a grant off the list do not count', () => {
    const shown: ShownOffer[] = [];
    const grants: GrantInInteraction[] = [];
    for (let i = 0; i < 6; i++) {
      const id = `i${i}`;
      shown.push(
        { interactionId: id, offerId: 'small', userId: 'ann', action: 'account_credit', amountCents: 1000, mode: 'grantable' },
        { interactionId: id, offerId: 'large', userId: 'ann', action: 'account_credit', amountCents: 2500, mode: 'needsApproval' },
      );
      grants.push({ interactionId: id, userId: 'ann', action: 'account_credit', amountCents: 1000 });
    }
    const r = offerReport({ offersVersion: 1, currency: 'USD', offers: OFFERS, outcomes: [], users: USERS, shown, grants }, period);
    expect(r.generous).toEqual([]);
  });
});

describe('acceptance, value and overrides', () => {
  it('values accepted offers by the current version and counts an override once per interaction', () => {
    const shown: ShownOffer[] = [
      { interactionId: 'x', offerId: 'small', userId: 'ann', action: 'account_credit', amountCents: 1000, mode: 'grantable' },
      { interactionId: 'y', offerId: 'small', userId: 'bo', action: 'account_credit', amountCents: 1000, mode: 'grantable' },
    ];
    const grants: GrantInInteraction[] = [
      { interactionId: 'y', userId: 'bo', action: 'refund', amountCents: 700 },
      { interactionId: 'y', userId: 'bo', action: 'discount', amountCents: 300 },
    ];
    const outcomes = [
      { offerId: 'small', accepted: true, userId: 'ann' },
      { offerId: 'small', accepted: false, userId: 'bo' },
      { offerId: 'retired', accepted: true, userId: 'bo' },
    ];
    const r = offerReport({ offersVersion: 2, currency: 'USD', offers: OFFERS, outcomes, users: USERS, shown, grants }, period);
    expect(r.offers.map((o) => [o.offerId, o.shown, o.accepted, o.declined, o.valueDeliveredCents, o.overrides])).toEqual([
      ['small', 2, 1, 1, 1000, 1],
      ['large', 0, 0, 0, 0, 0],
      ['retired', 0, 1, 0, 0, 0],
    ]);
    expect(r.teams.map((t) => [t.team, t.shown, t.acceptanceRate, t.overrides])).toEqual([
      ['billing', 1, 1, 0],
      ['returns', 1, 0.5, 1],
    ]);
    expect(r.totals).toMatchObject({ shown: 2, accepted: 2, declined: 1, overrides: 1, valueDeliveredCents: 1000 });
  });
});
