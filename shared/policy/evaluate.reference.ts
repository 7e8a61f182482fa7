/**
 * The evaluator as it was before it was made fast (issue 21), kept word for word as the
 * reference the property test holds the fast one to, and the peer the bench measures beside
 * it. Not for product code: import shared/policy/evaluate.ts.
 */
import { formatMoney } from '../describe-event';
import type { PolicyDocument } from '../schemas/policy';
import { compile } from './compile';
import type { BudgetsLeft, Decision, GrantRequest, Situation } from './types';

interface Need {
  level: string;
  ruleId: string | null;
  reason: string;
}

const tierText = (tiers: string[] | undefined) => (tiers ? `${tiers.join(' or ')} customers` : 'any customer');

/** Budgets as they stand before a grant of `action`, and `after(spend)`: what would be left. */
function budgetView(policy: PolicyDocument, action: string | null, s: Situation) {
  const p = compile(policy);
  const agentBudget = policy.agentBudgets.find((b) => !b.agentLevels || b.agentLevels.includes(s.agent.level)) ?? null;
  const teamBudget = policy.teamBudgets.find((b) => b.team === s.agent.team) ?? policy.teamBudgets.find((b) => !b.team) ?? null;
  const caps = (action && p.capsByAction.get(action)) || [];
  const agentLeft = agentBudget ? agentBudget.dailyAmountCents - s.usage.agentTodayCents : null;
  const teamLeft = teamBudget ? teamBudget.dailyAmountCents - s.usage.teamTodayCents : null;
  const capsLeft = caps.map((c) => {
    const used = s.usage.caps[c.id] ?? { amountCents: 0, count: 0 };
    return {
      cap: c,
      used,
      amount: c.maxAmountCents == null ? null : c.maxAmountCents - used.amountCents,
      count: c.maxCount == null ? null : c.maxCount - used.count,
    };
  });
  const after = (spend: number): BudgetsLeft => {
    const clamp = (n: number | null, minus: number) => (n == null ? null : Math.max(0, n - minus));
    const tightest = capsLeft.reduce<(typeof capsLeft)[number] | null>(
      (a, b) => (a == null || (b.amount ?? Infinity) < (a.amount ?? Infinity) ? b : a),
      null,
    );
    return {
      agentDailyCents: clamp(agentLeft, spend),
      teamDailyCents: clamp(teamLeft, spend),
      customerCap: tightest
        ? { capId: tightest.cap.id, amountCents: clamp(tightest.amount, spend), count: clamp(tightest.count, spend > 0 ? 1 : 0) }
        : null,
    };
  };
  return { agentBudget, teamBudget, agentLeft, teamLeft, capsLeft, after };
}

/** What is left of each budget for `action` now, before any new grant. */
export const budgetsLeftReference = (policy: PolicyDocument, action: string, s: Situation): BudgetsLeft =>
  budgetView(policy, action, s).after(0);

export function evaluateReference(policy: PolicyDocument, req: GrantRequest, s: Situation): Decision {
  const p = compile(policy);
  const money = (cents: number) => formatMoney(cents, policy.currency);
  const amount = req.amountCents;
  const action = p.actions.get(req.action);

  const level = s.agent.level;
  const { agentBudget, teamBudget, agentLeft, teamLeft, capsLeft, after: budgets } = budgetView(policy, action?.id ?? null, s);
  const forbidden = (ruleId: string | null, reason: string): Decision => ({ outcome: 'forbidden', ruleId, reason, budgets: budgets(0) });

  if (!action) return forbidden(null, `“${req.action}” is not an action this policy knows.`);
  for (const stop of policy.hardStops) {
    if (s.customer.flags.includes(stop.flag) && (!stop.actions || stop.actions.includes(action.id)))
      return forbidden(stop.id, stop.message);
  }
  if (!Number.isInteger(amount) || amount <= 0) return forbidden(null, 'Enter an amount above zero.');
  if (req.reasonCode && action.reasonCodes.length && !action.reasonCodes.includes(req.reasonCode)) {
    return forbidden(
      null,
      `“${req.reasonCode}” is not a reason for ${action.label.toLowerCase()}: pick one of ${action.reasonCodes.join(', ')}.`,
    );
  }
  if (action.reasonRequired && !req.reasonCode) {
    return forbidden(null, `${action.label} needs a reason: pick one of ${action.reasonCodes.join(', ')}.`);
  }

  const needs: Need[] = [];
  const limit = (p.limitsByAction.get(action.id) ?? []).find(
    (l) => (!l.agentLevels || l.agentLevels.includes(level)) && (!l.tiers || l.tiers.includes(s.customer.tier)),
  );
  if (!limit) {
    needs.push({
      level: p.lowestLevel,
      ruleId: null,
      reason: `No limit lets level ${level} agents grant ${action.label.toLowerCase()} to ${s.customer.tier} customers alone.`,
    });
  } else if (amount > limit.maxAmountCents) {
    needs.push({
      level: limit.liftedBy,
      ruleId: limit.id,
      reason: `${action.label} above ${money(limit.maxAmountCents)} for ${tierText(limit.tiers)} needs a ${p.levels.get(limit.liftedBy)?.name.toLowerCase()}.`,
    });
  }
  for (const c of capsLeft) {
    if (c.amount != null && amount > c.amount) {
      needs.push({
        level: c.cap.liftedBy,
        ruleId: c.cap.id,
        reason: `This customer already got ${money(c.used.amountCents)} of ${action.label.toLowerCase()} in the last ${c.cap.windowDays} days; the cap is ${money(c.cap.maxAmountCents!)}.`,
      });
    }
    if (c.count != null && c.count < 1) {
      needs.push({
        level: c.cap.liftedBy,
        ruleId: c.cap.id,
        reason: `This customer already got ${action.label.toLowerCase()} ${c.used.count} times in the last ${c.cap.windowDays} days; the cap is ${c.cap.maxCount}.`,
      });
    }
  }
  if (agentBudget && agentLeft != null && amount > agentLeft) {
    needs.push({
      level: agentBudget.liftedBy,
      ruleId: agentBudget.id,
      reason: `This is over your daily budget: ${money(Math.max(0, agentLeft))} of ${money(agentBudget.dailyAmountCents)} left today.`,
    });
  }
  if (teamBudget && teamLeft != null && amount > teamLeft) {
    needs.push({
      level: teamBudget.liftedBy,
      ruleId: teamBudget.id,
      reason: `This is over your team's daily budget: ${money(Math.max(0, teamLeft))} of ${money(teamBudget.dailyAmountCents)} left today.`,
    });
  }

  if (needs.length) {
    const top = needs.reduce((a, b) => ((p.stepsToTop.get(b.level) ?? 0) < (p.stepsToTop.get(a.level) ?? 0) ? b : a));
    return {
      outcome: 'needs_approval',
      level: top.level,
      levelName: p.levels.get(top.level)?.name ?? top.level,
      ruleId: top.ruleId,
      reason: top.reason,
      budgets: budgets(0),
    };
  }
  return {
    outcome: 'allowed',
    reason: `Within your leeway: up to ${money(limit!.maxAmountCents)} of ${action.label.toLowerCase()} for ${tierText(limit!.tiers)}.`,
    budgets: budgets(amount),
  };
}
