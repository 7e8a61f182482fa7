import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { whatIf, type HistoricGrant } from './what-if';

const policy = PolicyDocument.parse(DEMO_POLICY);
const DAY = 86_400_000;
const grant = (id: string, at: number, over: Partial<HistoricGrant> = {}): HistoricGrant => ({
  id,
  at,
  customerId: 'c1',
  agentId: 'a1',
  team: 'billing',
  agentLevel: 1,
  customerTier: 'gold',
  customerFlags: [],
  action: 'refund',
  amountCents: 6_000,
  reasonCode: 'damaged',
  ...over,
});

describe('whatIf', () => {
  it('replays history with the usage each grant saw at the time', () => {
    const t = Date.UTC(2026, 10, 2, 9);
    const history = [grant('g1', t), grant('g2', t + 1000), grant('g3', t + 2000), grant('g4', t + 40 * DAY)];
    // Live policy: $100 per refund, $200 per 30 days. g3 brings the 30-day total to $180: fine.
    expect(whatIf(policy, history)).toMatchObject({ total: 4, allowed: 4, needs_approval: 0, forbidden: 0 });
    // A draft with a $150 cap escalates g3 (120 already + 60) but not g4, 40 days later.
    const draft = { ...policy, customerCaps: [{ ...policy.customerCaps[0]!, maxAmountCents: 15_000 }] };
    const report = whatIf(draft, history);
    expect(report).toMatchObject({ total: 4, allowed: 3, needs_approval: 1 });
    expect(report.notAllowed.map((n) => n.grantId)).toEqual(['g3']);
  });

  it('sees hard stops that the draft adds', () => {
    const draft = { ...policy, hardStops: [{ id: 'vip-only-managers', flag: 'vip', message: 'VIPs are handled by managers.' }] };
    const report = whatIf(draft, [grant('g1', 0, { customerFlags: ['vip'] }), grant('g2', 1)]);
    expect(report).toMatchObject({ forbidden: 1, allowed: 1 });
  });
});
