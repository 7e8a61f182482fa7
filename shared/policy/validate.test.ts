import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import type { PolicyInput } from '../schemas/policy';
import { diffPolicies } from './diff';
import { validatePolicy } from './validate';

const clone = (): PolicyInput => structuredClone(DEMO_POLICY);
const messages = (input: unknown) => {
  const r = validatePolicy(input);
  return r.ok ? [] : r.errors.map((e) => e.message);
};

describe('validatePolicy', () => {
  it('accepts the demo policy', () => expect(validatePolicy(DEMO_POLICY).ok).toBe(true));

  it('rejects a negative limit, naming the rule', () => {
    const p = clone();
    p.limits![3]!.maxAmountCents = -5;
    expect(messages(p)).toEqual(['limits[3] (credit).maxAmountCents: must not be negative']);
  });

  it('rejects an unknown action, naming the rule', () => {
    const p = clone();
    p.limits![0]!.action = 'refnd';
    expect(messages(p)).toContain('limits[0] (refund-standard): action “refnd” is not declared in actions');
  });

  it('rejects overlapping rules, naming both and where they overlap', () => {
    const p = clone();
    p.limits!.push({ id: 'refund-gold-extra', action: 'refund', tiers: ['gold'], maxAmountCents: 99, liftedBy: 'manager' });
    expect(messages(p)).toEqual([
      'limits “refund-loyal-new-agent” and “refund-gold-extra” overlap: both apply to refund for agent level 1 and tier gold',
      'limits “refund-loyal-senior” and “refund-gold-extra” overlap: both apply to refund for agent level 2, 3 and tier gold',
    ]);
  });

  it('rejects a cycle in escalation levels', () => {
    const p = clone();
    p.levels![2]!.next = 'team_lead';
    expect(messages(p)).toContain(
      'levels: team_lead → manager → director → team_lead is a cycle; each chain must end at a level with next: null',
    );
  });

  it('rejects references to undeclared levels and duplicate ids', () => {
    const p = clone();
    p.limits![1]!.liftedBy = 'ceo';
    p.actions!.push({ id: 'refund', label: 'Refund again' });
    expect(messages(p)).toEqual([
      'actions: the id “refund” is used twice',
      'limits[1] (refund-loyal-new-agent): liftedBy “ceo” is not a declared escalation level',
    ]);
  });

  it('rejects a cap with nothing to cap and unknown fields', () => {
    const p = clone() as PolicyInput & { extra?: number };
    p.customerCaps![0] = { id: 'empty', action: 'refund', windowDays: 7, liftedBy: 'manager' };
    expect(messages(p)).toEqual(['customerCaps[0] (empty): set maxAmountCents, maxCount or both']);
    p.extra = 1;
    expect(messages(p)[0]).toMatch(/^policy: Unrecognized key: "extra"/);
  });
});

describe('diffPolicies', () => {
  it('lists added, removed and changed rules field by field', () => {
    const a = validatePolicy(DEMO_POLICY);
    const next = clone();
    next.limits![0]!.maxAmountCents = 7_500;
    next.hardStops = next.hardStops!.filter((h) => h.id !== 'closed');
    next.actions!.push({ id: 'loyalty_points', label: 'Loyalty points' });
    const b = validatePolicy(next);
    if (!a.ok || !b.ok) throw new Error('invalid fixture');
    expect(diffPolicies(a.policy, b.policy)).toEqual([
      { collection: 'actions', id: 'loyalty_points', kind: 'added' },
      { collection: 'limits', id: 'refund-standard', kind: 'changed', fields: [{ field: 'maxAmountCents', from: 5_000, to: 7_500 }] },
      { collection: 'hardStops', id: 'closed', kind: 'removed' },
    ]);
  });
});
