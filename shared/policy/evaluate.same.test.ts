/**
 * The fast evaluator must answer exactly as the plain one it replaced (evaluate.reference.ts):
 * same outcome, level, rule, sentence and budgets, in the same key order, for any policy and
 * situation, including odd ones (unknown levels, cycles, duplicate ids, fractional amounts).
 * Each policy is asked many questions, so sentences worded once and reused are checked too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument, type PolicyInput } from '../schemas/policy';
import { TIERS } from '../schemas/tier';
import { budgetsLeft, evaluate } from './evaluate';
import { budgetsLeftReference, evaluateReference } from './evaluate.reference';
import type { GrantRequest, Situation } from './types';

const LEVELS = ['team_lead', 'manager', 'director'];
const ACTIONS = ['refund', 'credit', 'discount'];
const CAPS = ['cap-a', 'cap-b', 'cap-c'];
const FLAGS = ['fraud', 'chargeback_open', 'vip'];
const TEAMS = ['billing', 'returns'];
const CODES = ['damaged', 'goodwill', 'late'];

/** Omitted about half the time: an omitted list means every level or tier. */
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const lifted = fc.constantFrom(...LEVELS, 'ghost'); // 'ghost': a level the policy does not name
const cents = fc.integer({ min: 0, max: 60_000 });
const budget = fc.integer({ min: 0, max: 200_000 });
const action = (id: string) =>
  fc.record({
    id: fc.constant(id),
    label: fc.constantFrom('Refund', 'Store Credit', 'DISCOUNT'),
    reasonCodes: fc.subarray(CODES),
    reasonRequired: fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, fc.constant(true)),
  });
const someOf = <T>(items: readonly T[]) => fc.subarray([...items], { minLength: 1 });

const policies: fc.Arbitrary<PolicyDocument> = fc
  .record({
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'GBP'),
    levels: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...LEVELS),
        name: fc.constantFrom('Team Lead', 'manager', 'DIRECTOR'),
        next: fc.constantFrom(...LEVELS, null, 'ghost'),
      }),
      { minLength: 1, maxLength: 3, selector: (l) => l.id },
    ),
    // Each action once, then now and then a second definition of one (the later one wins).
    actions: fc
      .tuple(
        ...[...ACTIONS, ...ACTIONS].map((id, i) =>
          i < ACTIONS.length ? action(id) : fc.oneof({ arbitrary: fc.constant(null), weight: 7 }, action(id)),
        ),
      )
      .map((list) => list.filter((a) => a !== null)),
    limits: fc.array(
      fc.record({
        id: fc.constantFrom('l1', 'l2', 'l3', 'l4'),
        action: fc.constantFrom(...ACTIONS, 'other'),
        agentLevels: opt(someOf([1, 2, 3])),
        tiers: opt(someOf(TIERS)),
        maxAmountCents: cents,
        liftedBy: lifted,
      }),
      { maxLength: 10 },
    ),
    customerCaps: fc.array(
      fc.record({
        id: fc.constantFrom(...CAPS),
        action: fc.constantFrom(...ACTIONS),
        windowDays: fc.integer({ min: 1, max: 90 }),
        maxAmountCents: opt(cents),
        maxCount: opt(fc.integer({ min: 0, max: 5 })),
        liftedBy: lifted,
      }),
      { maxLength: 4 },
    ),
    agentBudgets: fc.array(
      fc.record({ id: fc.constantFrom('a1', 'a2'), agentLevels: opt(someOf([1, 2, 3])), dailyAmountCents: budget, liftedBy: lifted }),
      { maxLength: 3 },
    ),
    teamBudgets: fc.array(
      fc.record({ id: fc.constantFrom('t1', 't2'), team: opt(fc.constantFrom(...TEAMS)), dailyAmountCents: budget, liftedBy: lifted }),
      { maxLength: 3 },
    ),
    hardStops: fc.array(
      fc.record({
        id: fc.constantFrom('h1', 'h2'),
        flag: fc.constantFrom(...FLAGS),
        actions: opt(someOf([...ACTIONS, 'other'])),
        message: fc.constantFrom('Stop.', 'Risk must clear it first.'),
      }),
      { maxLength: 3 },
    ),
  })
  .map((input: PolicyInput) => PolicyDocument.parse(input));

const situations: fc.Arbitrary<Situation> = fc.record({
  agent: fc.record({
    level: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 9 }, fc.constantFrom(0, 4)),
    team: fc.constantFrom(...TEAMS, 'support'),
  }),
  customer: fc.record({
    tier: fc.constantFrom(...TIERS),
    flags: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 3 }, fc.subarray(FLAGS)),
  }),
  usage: fc.record({
    caps: fc.dictionary(
      fc.constantFrom(...CAPS, 'cap-z'),
      fc.record({ amountCents: fc.integer({ min: -1_000, max: 40_000 }), count: fc.integer({ min: 0, max: 4 }) }),
    ),
    agentTodayCents: fc.integer({ min: 0, max: 80_000 }),
    teamTodayCents: fc.integer({ min: 0, max: 80_000 }),
  }),
});

const requests: fc.Arbitrary<GrantRequest> = fc.record({
  action: fc.oneof({ arbitrary: fc.constantFrom(...ACTIONS), weight: 9 }, fc.constant('unknown')),
  amountCents: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 5_000 }), weight: 5 },
    { arbitrary: fc.integer({ min: -100, max: 70_000 }), weight: 4 },
    fc.constantFrom(0, 1, 0.5, 12_345.6, Number.NaN, Number.POSITIVE_INFINITY, 1e12),
  ),
  reasonCode: fc.oneof({ arbitrary: fc.constantFrom(...CODES), weight: 4 }, fc.constantFrom(null, undefined, '', 'nonsense')),
});

/** Equal values (Object.is for numbers) and the same keys in the same order, as a log or a socket sees them. */
function expectSame(actual: unknown, expected: unknown) {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('evaluate answers exactly as the reference evaluator', () => {
  it('for any policy, request and situation, asked many times of one policy', () => {
    fc.assert(
      fc.property(policies, fc.array(fc.tuple(requests, situations), { minLength: 1, maxLength: 25 }), (policy, asks) => {
        for (const [req, s] of asks) {
          expectSame(evaluate(policy, req, s), evaluateReference(policy, req, s));
          expectSame(budgetsLeft(policy, req.action, s), budgetsLeftReference(policy, req.action, s));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('on the demo policy', () => {
    const policy = PolicyDocument.parse(DEMO_POLICY);
    const demoRequests = fc.record({
      action: fc.constantFrom(...policy.actions.map((a) => a.id), 'unknown_action'),
      amountCents: fc.integer({ min: -100, max: 1_000_000 }),
      reasonCode: fc.constantFrom(null, 'damaged', 'goodwill', 'service_outage', 'nonsense'),
    });
    const demoSituations = fc.record({
      agent: fc.record({ level: fc.integer({ min: 1, max: 3 }), team: fc.constantFrom(...TEAMS) }),
      customer: fc.record({ tier: fc.constantFrom(...TIERS), flags: fc.subarray(['fraud', 'chargeback_open', 'account_closed', 'vip']) }),
      usage: fc.record({
        caps: fc.dictionary(
          fc.constantFrom(...policy.customerCaps.map((c) => c.id)),
          fc.record({ amountCents: fc.integer({ min: 0, max: 40_000 }), count: fc.integer({ min: 0, max: 5 }) }),
        ),
        agentTodayCents: fc.integer({ min: 0, max: 80_000 }),
        teamTodayCents: fc.integer({ min: 0, max: 400_000 }),
      }),
    });
    fc.assert(
      fc.property(demoRequests, demoSituations, (req, s) => {
        expectSame(evaluate(policy, req, s), evaluateReference(policy, req, s));
      }),
      { numRuns: 3000 },
    );
  });
});
