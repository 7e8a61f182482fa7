import { describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { PolicyDocument } from '../schemas/policy';
import { judgeDecision } from './decide';
import type { Situation } from './types';

const policy = PolicyDocument.parse(DEMO_POLICY);
const fresh = (over: Partial<Situation['usage']> = {}, flags: string[] = []): Situation => ({
  agent: { level: 1, team: 'billing' },
  customer: { tier: 'platinum', flags },
  usage: { caps: {}, agentTodayCents: 0, teamTodayCents: 0, ...over },
});

describe('judgeDecision: a decision is a grant made by the decider', () => {
  it('within the agent’s own leeway needs no level', () => {
    expect(
      judgeDecision(policy, { action: 'account_credit', amountCents: 2_000, reasonCode: 'goodwill' }, fresh(), 'team_lead'),
    ).toMatchObject({ outcome: 'within', level: null });
  });
  it('a team lead lifts the credit limit, not the escalation band a director decides', () => {
    expect(
      judgeDecision(policy, { action: 'account_credit', amountCents: 6_000, reasonCode: 'goodwill' }, fresh(), 'team_lead'),
    ).toMatchObject({ outcome: 'within', level: 'team_lead' });
    expect(
      judgeDecision(policy, { action: 'account_credit', amountCents: 2_000_000, reasonCode: 'goodwill' }, fresh(), 'team_lead'),
    ).toMatchObject({ outcome: 'above', level: 'director' });
    expect(
      judgeDecision(policy, { action: 'account_credit', amountCents: 2_000_000, reasonCode: 'goodwill' }, fresh(), 'director'),
    ).toMatchObject({ outcome: 'within', level: 'director' });
  });
  it('the team’s daily budget is a manager’s to lift, whatever the amount', () => {
    const spent = fresh({ teamTodayCents: 300_000 });
    const j = judgeDecision(policy, { action: 'account_credit', amountCents: 4_000, reasonCode: 'goodwill' }, spent, 'team_lead');
    expect(j).toMatchObject({ outcome: 'above', level: 'manager' });
    expect(j.outcome === 'above' && j.reason).toBe(
      "$40 of account credit needs a manager, above a team lead: This is over your team's daily budget: $0 of $3,000 left today. Offer less, or send it up.",
    );
  });
  it('the customer’s 30-day refund cap is a manager’s too', () => {
    const capped = fresh({ caps: { 'refunds-30d': { amountCents: 19_000, count: 1 } } });
    expect(judgeDecision(policy, { action: 'refund', amountCents: 5_000, reasonCode: 'damaged' }, capped, 'team_lead')).toMatchObject({
      outcome: 'above',
      level: 'manager',
    });
  });
  it('nobody lifts a hard stop, an unknown action or a missing reason', () => {
    expect(
      judgeDecision(policy, { action: 'refund', amountCents: 500, reasonCode: 'damaged' }, fresh({}, ['fraud']), 'director').outcome,
    ).toBe('forbidden');
    expect(judgeDecision(policy, { action: 'teleport', amountCents: 500 }, fresh(), 'director').outcome).toBe('forbidden');
    expect(judgeDecision(policy, { action: 'refund', amountCents: 500, reasonCode: null }, fresh(), 'director').outcome).toBe('forbidden');
  });
});
