/** The shared evaluator on a 200-rule policy: how many decisions per second one core makes. */
import { evaluate } from '@shared/policy/evaluate';
import type { Situation } from '@shared/policy/types';
import { PolicyDocument, type PolicyInput } from '@shared/schemas/policy';
import { figure, type Figure } from './types';

export const policyEvalNames = ['policy_evaluations_per_s'];

/** 20 actions × 10 agent levels = 200 limits, plus a cap per action, budgets and hard stops. */
export function bigPolicy(): PolicyDocument {
  const actions = Array.from({ length: 20 }, (_, i) => `action_${i}`);
  const input: PolicyInput = {
    levels: [
      { id: 'team_lead', name: 'Team lead', next: 'manager' },
      { id: 'manager', name: 'Manager', next: null },
    ],
    actions: actions.map((id) => ({ id, label: id, reasonCodes: ['a', 'b'], reasonRequired: true })),
    limits: actions.flatMap((action, a) =>
      Array.from({ length: 10 }, (_, l) => ({
        id: `${action}-l${l + 1}`,
        action,
        agentLevels: [l + 1],
        maxAmountCents: 1_000 * (a + l + 1),
        liftedBy: 'team_lead',
      })),
    ),
    customerCaps: actions.map((action) => ({
      id: `${action}-cap`,
      action,
      windowDays: 30,
      maxAmountCents: 50_000,
      maxCount: 5,
      liftedBy: 'manager',
    })),
    agentBudgets: [{ id: 'daily', dailyAmountCents: 100_000, liftedBy: 'team_lead' }],
    teamBudgets: [{ id: 'team', dailyAmountCents: 1_000_000, liftedBy: 'manager' }],
    hardStops: [{ id: 'fraud', flag: 'fraud', message: 'Fraud flag.' }],
  };
  return PolicyDocument.parse(input);
}

export async function policyEval(): Promise<Figure[]> {
  const policy = bigPolicy();
  const situations: Situation[] = Array.from({ length: 64 }, (_, i) => ({
    agent: { level: (i % 10) + 1, team: 'billing' },
    customer: { tier: 'gold', flags: i % 16 === 0 ? ['fraud'] : [] },
    usage: {
      caps: { [`action_${i % 20}-cap`]: { amountCents: i * 500, count: i % 6 } },
      agentTodayCents: i * 1_000,
      teamTodayCents: i * 10_000,
    },
  }));
  let n = 0;
  let sink = 0;
  const run = (ms: number) => {
    const end = performance.now() + ms;
    let count = 0;
    while (performance.now() < end) {
      for (let k = 0; k < 256; k++, count++) {
        const i = count & 63;
        sink += evaluate(policy, { action: `action_${i % 20}`, amountCents: 500 + i * 137, reasonCode: 'a' }, situations[i]!).reason.length;
      }
    }
    return count;
  };
  run(300); // warm up the JIT
  const t0 = performance.now();
  n = run(2_000);
  const seconds = (performance.now() - t0) / 1000;
  if (sink === 0) throw new Error('evaluator produced nothing');
  return [figure('policy_evaluations_per_s', n / seconds, '1/s')];
}
