/**
 * The shared evaluator on a 200-rule policy: how many decisions per second one core makes,
 * beside its peer, the plain evaluator it replaced (evaluate.reference.ts), measured the same
 * way in the same run: the ratio is the speed-up, whatever else loads the machine.
 */
import { evaluate } from '@shared/policy/evaluate';
import { evaluateReference } from '@shared/policy/evaluate.reference';
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
  // Every kind of answer turns up: allowed, a hard stop, and each reason to ask (a limit, a
  // cap's amount or count, the agent's or the team's budget), so wording each is in the figure.
  const situations: Situation[] = Array.from({ length: 64 }, (_, i) => ({
    agent: { level: (i % 10) + 1, team: 'billing' },
    customer: { tier: 'gold', flags: i % 16 === 0 ? ['fraud'] : [] },
    usage: {
      caps: { [`action_${i % 20}-cap`]: { amountCents: i % 8 === 7 ? 49_000 : i * 500, count: i % 6 } },
      agentTodayCents: i % 8 === 3 ? 99_000 : i * 1_000,
      teamTodayCents: i % 8 === 5 ? 999_000 : i * 10_000,
    },
  }));
  let sink = 0;
  // Each evaluator has its own call site, so the JIT sees one target at each. Reading each
  // reason makes sure the sentence returned is really built.
  const run = (peer: boolean, ms: number) => {
    const start = performance.now();
    const end = start + ms;
    let count = 0;
    while (performance.now() < end) {
      for (let k = 0; k < 256; k++, count++) {
        const i = count & 63;
        const req = { action: `action_${i % 20}`, amountCents: 500 + i * 137, reasonCode: 'a' };
        if (peer) sink += evaluateReference(policy, req, situations[i]!).reason.length;
        else sink += evaluate(policy, req, situations[i]!).reason.length;
      }
    }
    return { count, ms: performance.now() - start };
  };
  run(false, 300); // warm up the JIT
  run(true, 300);
  // Turn about in slices, so both see the same load from whoever else shares the machine.
  const total = { ours: { count: 0, ms: 0 }, peer: { count: 0, ms: 0 } };
  for (let slice = 0; slice < 10; slice++) {
    for (const side of ['ours', 'peer'] as const) {
      const r = run(side === 'peer', 200);
      total[side].count += r.count;
      total[side].ms += r.ms;
    }
  }
  const ours = total.ours.count / (total.ours.ms / 1000);
  const peer = total.peer.count / (total.peer.ms / 1000);
  if (sink === 0) throw new Error('evaluator produced nothing');
  return [figure('policy_evaluations_per_s', ours, '1/s', peer)];
}
