import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { amountOf, anyHardStop, judge as judgeOnly, withCeiling } from './judge';
import type { Offer } from './offer';
import type { Situation } from '../policy/types';
import type { CustomerFacts } from './facts';
import { eventAgo, factsOf, offerOf, situationOf } from './test-kit';

const policy = PolicyDocument.parse(DEMO_POLICY);
/** As recommend() ends up with it: judged, and a range's ceiling found. */
const judge = (o: Offer, f: CustomerFacts, p: PolicyDocument, s: Situation, stopped: boolean) => {
  const j = judgeOnly(o, f, p, s, stopped);
  return j && withCeiling(o, j, p, s);
};
const withOrder = (cents: number) => factsOf({ events: [eventAgo('order.placed', 2, { amountCents: cents })] });
const discount = (amount: object) =>
  offerOf({ id: 'd', name: 'Discount', kind: { type: 'action', action: 'discount' }, amount: amount as never });

describe('amount rules', () => {
  it('a fixed amount is itself', () => expect(amountOf(offerOf({ id: 'x' }), factsOf())).toBe(1_500));
  it('a percent of the latest order, rounded to the cent', () => {
    expect(amountOf(discount({ rule: 'percent', percent: 12.5 }), withOrder(9_999))).toBe(1_250);
  });
  it('a percent clamped to its min and max', () => {
    const o = discount({ rule: 'percent', percent: 10, minCents: 500, maxCents: 2_000 });
    expect([amountOf(o, withOrder(1_000)), amountOf(o, withOrder(12_000)), amountOf(o, withOrder(50_000))]).toEqual([500, 1_200, 2_000]);
  });
  it('a percent with no order known: no amount, so no offer', () => {
    expect(amountOf(discount({ rule: 'percent', percent: 10, minCents: 500 }), factsOf())).toBeNull();
  });
  it('a percent that rounds to nothing: no offer', () =>
    expect(amountOf(discount({ rule: 'percent', percent: 1 }), withOrder(20))).toBeNull());
  it('a range opens at its minimum', () =>
    expect(amountOf(discount({ rule: 'range', minCents: 700, maxCents: 5_000 }), factsOf())).toBe(700));
});

describe('judge: the evaluator decides', () => {
  const s = situationOf({});
  it('allowed alone: grantable, with the evaluator’s sentence', () => {
    const j = judge(offerOf({ id: 'x' }), factsOf(), policy, s, false);
    expect(j).toMatchObject({ mode: 'grantable', amountCents: 1_500, upToCents: null, reasonCode: 'goodwill' });
    expect(j?.mode === 'grantable' && j.decision.reason).toBe('Within your leeway: up to $30 of account credit for any customer.');
  });
  it('over the limit: needs approval, with the level', () => {
    const j = judge(offerOf({ id: 'x', amount: { rule: 'fixed', cents: 4_000 } }), factsOf(), policy, s, false);
    expect(j).toMatchObject({ mode: 'needsApproval', amountCents: 4_000, decision: { level: 'team_lead', levelName: 'Team lead' } });
  });
  it('a range goes up to the agent’s leeway, never past it', () => {
    const j = judge(discount({ rule: 'range', minCents: 500, maxCents: 5_000 }), factsOf(), policy, s, false);
    expect(j).toMatchObject({ mode: 'grantable', amountCents: 500, upToCents: 2_000 });
  });
  it('a range within the leeway goes up to its own maximum', () => {
    const j = judge(discount({ rule: 'range', minCents: 500, maxCents: 1_200 }), factsOf(), policy, s, false);
    expect(j).toMatchObject({ upToCents: 1_200 });
  });
  it('a range tightened by the daily budget', () => {
    const tight = situationOf({ usage: { agentTodayCents: 49_100 } });
    expect(judge(discount({ rule: 'range', minCents: 500, maxCents: 5_000 }), factsOf(), policy, tight, false)).toMatchObject({
      upToCents: 900,
    });
  });
  it('a hard stop on the action removes the offer', () => {
    const stopped = situationOf({ customer: { flags: ['chargeback_open'] } });
    expect(judge(offerOf({ id: 'x' }), factsOf(), policy, stopped, false)).toBeNull();
  });
  it('any hard stop removes every offer, a step too', () => {
    const stopped = situationOf({ customer: { flags: ['chargeback_open'] } });
    expect(anyHardStop(policy, stopped)).toBe(true);
    const step = offerOf({ id: 's', kind: { type: 'step', step: 'update_card' }, amount: undefined });
    expect(judge(step, factsOf(), policy, s, false)).toEqual({ mode: 'step' });
    expect(judge(step, factsOf(), policy, stopped, true)).toBeNull();
    expect(judge(discount({ rule: 'fixed', cents: 500 }), factsOf(), policy, stopped, true)).toBeNull();
  });
  it('an action the policy lacks, or a reason it needs and lacks: removed', () => {
    expect(judge(offerOf({ id: 'x', kind: { type: 'action', action: 'cashback' } }), factsOf(), policy, s, false)).toBeNull();
    expect(judge(offerOf({ id: 'x', kind: { type: 'action', action: 'account_credit' } }), factsOf(), policy, s, false)).toBeNull();
  });
});
