import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { TIERS } from '../schemas/context';
import { allowances, evaluate } from './evaluate';
import type { Situation } from './types';

const policy = PolicyDocument.parse(DEMO_POLICY);
const base: Situation = {
  agent: { level: 1, team: 'billing' },
  customer: { tier: 'gold', flags: [] },
  usage: { caps: {}, agentTodayCents: 0, teamTodayCents: 0 },
};
const at = (over: {
  agent?: Partial<Situation['agent']>;
  customer?: Partial<Situation['customer']>;
  usage?: Partial<Situation['usage']>;
}): Situation => ({
  agent: { ...base.agent, ...over.agent },
  customer: { ...base.customer, ...over.customer },
  usage: { ...base.usage, ...over.usage },
});
const refund = (amountCents: number, reasonCode: string | null = 'damaged') => ({ action: 'refund', amountCents, reasonCode });

describe('evaluate: one case per rule kind', () => {
  it.each([
    ['within the tier limit', refund(10_000), base, 'allowed', 'Within your leeway: up to $100 of refund for gold or platinum customers.'],
    ['over the tier limit', refund(10_001), base, 'needs_approval', 'Refund above $100 for gold or platinum customers needs a team lead.'],
    [
      'a senior agent’s higher limit',
      refund(20_000),
      at({ agent: { level: 2 } }),
      'allowed',
      'Within your leeway: up to $250 of refund for gold or platinum customers.',
    ],
    [
      'a standard customer’s lower limit',
      refund(6_000),
      at({ customer: { tier: 'standard' } }),
      'needs_approval',
      'Refund above $50 for standard or silver customers needs a team lead.',
    ],
    [
      'the customer cap over 30 days',
      refund(5_000),
      at({ usage: { caps: { 'refunds-30d': { amountCents: 18_000, count: 1 } } } }),
      'needs_approval',
      'This customer already got $180 of refund in the last 30 days; the cap is $200.',
    ],
    [
      'the customer cap by count',
      refund(1_000),
      at({ usage: { caps: { 'refunds-30d': { amountCents: 3_000, count: 3 } } } }),
      'needs_approval',
      'This customer already got refund 3 times in the last 30 days; the cap is 3.',
    ],
    [
      'the agent’s daily budget',
      refund(5_000),
      at({ usage: { agentTodayCents: 47_000 } }),
      'needs_approval',
      'This is over your daily budget: $30 of $500 left today.',
    ],
    [
      'the team’s daily budget',
      refund(5_000),
      at({ usage: { teamTodayCents: 299_000 } }),
      'needs_approval',
      "This is over your team's daily budget: $10 of $3,000 left today.",
    ],
    [
      'a hard stop for the action',
      refund(100),
      at({ customer: { flags: ['chargeback_open'] } }),
      'forbidden',
      'A chargeback is open: refunds and credits go through the dispute, not here.',
    ],
    [
      'a hard stop not for this action',
      { action: 'discount', amountCents: 500 },
      at({ customer: { flags: ['chargeback_open'] } }),
      'allowed',
      'Within your leeway: up to $20 of discount for any customer.',
    ],
    [
      'a hard stop for every action',
      { action: 'discount', amountCents: 500 },
      at({ customer: { flags: ['fraud'] } }),
      'forbidden',
      'Fraud flag on this account: no gestures until Risk clears it.',
    ],
    [
      'a required reason missing',
      refund(100, null),
      base,
      'forbidden',
      'Refund needs a reason: pick one of billing_error, damaged, late_delivery, not_as_described, goodwill.',
    ],
    [
      'a reason not in the list',
      refund(100, 'because'),
      base,
      'forbidden',
      '“because” is not a reason for refund: pick one of billing_error, damaged, late_delivery, not_as_described, goodwill.',
    ],
    ['an unknown action', { action: 'free_car', amountCents: 100 }, base, 'forbidden', '“free_car” is not an action this policy knows.'],
    ['a zero amount', refund(0), base, 'forbidden', 'Enter an amount above zero.'],
  ] as const)('%s', (_name, req, s, outcome, reason) => {
    const d = evaluate(policy, req, s);
    expect(d.outcome).toBe(outcome);
    expect(d.reason).toBe(reason);
  });

  it('asks the highest level any rule needs', () => {
    const d = evaluate(policy, refund(15_000), at({ usage: { caps: { 'refunds-30d': { amountCents: 10_000, count: 1 } } } }));
    expect(d).toMatchObject({ outcome: 'needs_approval', level: 'manager', levelName: 'Manager', ruleId: 'refunds-30d' });
  });

  it('reports the budgets left after an allowed grant', () => {
    const d = evaluate(
      policy,
      refund(4_000),
      at({ usage: { agentTodayCents: 10_000, teamTodayCents: 50_000, caps: { 'refunds-30d': { amountCents: 2_000, count: 1 } } } }),
    );
    expect(d.budgets).toEqual({
      agentDailyCents: 36_000,
      teamDailyCents: 246_000,
      customerCap: { capId: 'refunds-30d', amountCents: 14_000, count: 1 },
    });
  });

  it('lists what the agent may grant alone, up to how much', () => {
    const list = allowances(policy, at({ usage: { agentTodayCents: 48_000 } }));
    expect(list.find((a) => a.action === 'refund')).toEqual({ action: 'refund', label: 'Refund', upToCents: 2_000, reason: null });
    expect(list.find((a) => a.action === 'goodwill_gesture')?.upToCents).toBe(1_000);
    const stopped = allowances(policy, at({ customer: { flags: ['fraud'] } }));
    expect(stopped.every((a) => a.upToCents === 0 && a.reason?.startsWith('Fraud flag'))).toBe(true);
  });
});

describe('evaluate: properties', () => {
  const situations = fc.record({
    agent: fc.record({ level: fc.integer({ min: 1, max: 3 }), team: fc.constantFrom('billing', 'returns') }),
    customer: fc.record({ tier: fc.constantFrom(...TIERS), flags: fc.subarray(['fraud', 'chargeback_open', 'account_closed', 'vip']) }),
    usage: fc.record({
      caps: fc.record({
        'refunds-30d': fc.record({ amountCents: fc.integer({ min: 0, max: 40_000 }), count: fc.integer({ min: 0, max: 5 }) }),
      }),
      agentTodayCents: fc.integer({ min: 0, max: 80_000 }),
      teamTodayCents: fc.integer({ min: 0, max: 400_000 }),
    }),
  });
  const requests = fc.record({
    action: fc.constantFrom(...policy.actions.map((a) => a.id), 'unknown_action'),
    amountCents: fc.integer({ min: -100, max: 1_000_000 }),
    reasonCode: fc.constantFrom(null, 'damaged', 'goodwill', 'service_outage', 'nonsense'),
  });

  it('never allows more than the matching limit, a cap or a budget leaves', () => {
    fc.assert(
      fc.property(requests, situations, (req, s) => {
        const d = evaluate(policy, req, s);
        if (d.outcome !== 'allowed') return;
        const limit = policy.limits.find(
          (l) =>
            l.action === req.action &&
            (!l.agentLevels || l.agentLevels.includes(s.agent.level)) &&
            (!l.tiers || l.tiers.includes(s.customer.tier)),
        );
        expect(limit).toBeDefined();
        expect(req.amountCents).toBeLessThanOrEqual(limit!.maxAmountCents);
        expect(s.usage.agentTodayCents + req.amountCents).toBeLessThanOrEqual(policy.agentBudgets[0]!.dailyAmountCents);
        expect(s.usage.teamTodayCents + req.amountCents).toBeLessThanOrEqual(policy.teamBudgets[0]!.dailyAmountCents);
        if (req.action === 'refund') {
          expect(s.usage.caps['refunds-30d']!.amountCents + req.amountCents).toBeLessThanOrEqual(20_000);
          expect(s.usage.caps['refunds-30d']!.count).toBeLessThan(3);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never reports a negative budget', () => {
    fc.assert(
      fc.property(requests, situations, (req, s) => {
        const b = evaluate(policy, req, s).budgets;
        for (const v of [b.agentDailyCents, b.teamDailyCents, b.customerCap?.amountCents, b.customerCap?.count])
          if (v != null) expect(v).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('a forbidding condition always wins, whatever the amount and budgets', () => {
    fc.assert(
      fc.property(requests, situations, fc.constantFrom('fraud', 'account_closed'), (req, s, flag) => {
        const d = evaluate(policy, req, { ...s, customer: { ...s.customer, flags: [...s.customer.flags, flag] } });
        expect(d.outcome).toBe('forbidden');
      }),
    );
  });

  it('is deterministic and does not mutate its inputs', () => {
    fc.assert(
      fc.property(requests, situations, (req, s) => {
        const before = JSON.stringify([policy, req, s]);
        expect(evaluate(policy, req, s)).toEqual(evaluate(policy, req, s));
        expect(JSON.stringify([policy, req, s])).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
