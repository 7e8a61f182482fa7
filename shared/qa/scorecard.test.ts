import { describe, expect, it } from 'vitest';
import { autoChecks, DEFAULT_SCORECARD, prefill } from './scorecard';
import type { QaAction } from './types';

const record = (actions: QaAction[]) => ({
  actions,
  category: 'billing',
  outcome: 'resolved',
  handleTimeSeconds: 300,
  hasNote: true,
  surveyScore: null,
});
const policyOf = (actions: QaAction[]) => {
  const checks = autoChecks(record(actions));
  return { check: checks.find((c) => c.check === 'within_leeway'), followed: prefill(DEFAULT_SCORECARD.criteria, checks).followed_policy };
};
const leeway: QaAction = { action: 'refund', amountCents: 4_000, via: 'leeway', limitCents: 5_000 };

describe('followed policy (auto-check)', () => {
  it('an exception approved through escalation is following policy: passes and pre-fills 5', () => {
    const escalated: QaAction = {
      action: 'refund',
      amountCents: 9_000,
      via: 'exception',
      limitCents: 5_000,
      approval: { by: 'Lee Lead', level: 'Team lead' },
    };
    expect(policyOf([escalated])).toEqual({
      check: { check: 'within_leeway', pass: true, detail: 'refund $90 approved by Lee Lead (Team lead)' },
      followed: { score: 5, comment: 'Auto-check: refund $90 approved by Lee Lead (Team lead)' },
    });
    expect(policyOf([leeway, escalated]).check).toMatchObject({
      pass: true,
      detail: '1 within leeway; refund $90 approved by Lee Lead (Team lead)',
    });
  });

  it('within leeway passes, in words', () => {
    expect(policyOf([leeway]).check).toMatchObject({ pass: true, detail: 'its one action within leeway' });
    expect(policyOf([leeway, leeway]).check).toMatchObject({ pass: true, detail: 'all 2 actions within leeway' });
    expect(policyOf([]).check).toMatchObject({ pass: true, detail: 'no action taken' });
  });

  it('an action with no grant, or an exception with no approval on record, is outside policy: 2', () => {
    const unrecorded: QaAction = { action: 'credit', amountCents: 2_500, via: 'unrecorded', limitCents: null };
    const unapproved: QaAction = { action: 'refund', amountCents: 9_000, via: 'exception', limitCents: 5_000 };
    expect(policyOf([leeway, unrecorded, unapproved])).toEqual({
      check: {
        check: 'within_leeway',
        pass: false,
        detail: '2 of 3 actions outside policy: credit $25 not recorded as a grant, refund $90 with no approval on record',
      },
      followed: {
        score: 2,
        comment: 'Auto-check: 2 of 3 actions outside policy: credit $25 not recorded as a grant, refund $90 with no approval on record',
      },
    });
  });
});
