/**
 * The one evaluator: may this agent grant this to this customer alone? Pure and
 * synchronous; the extension runs it as the agent types, the server runs it again and
 * is the authority. Order matters: a hard stop or an invalid request is forbidden whatever
 * else holds; otherwise every limit, cap and budget is checked and the highest level any
 * of them needs is the level that must approve.
 *
 * It runs often (allowances() alone asks ~40 times per action), so the checks only note which
 * rule needs what, and the one sentence returned is worded after the outcome is known; a
 * limit's sentences are worded once per compiled policy. evaluate.reference.ts is the plain
 * version the property test holds this one to, answer for answer.
 */
import type { PolicyDocument } from '../schemas/policy';
import { type ActionEntry, type CompiledPolicy, compile, type LimitEntry } from './compile';
import { moneyText } from './money';
import type { BudgetsLeft, Decision, GrantRequest, Situation } from './types';

type Cap = PolicyDocument['customerCaps'][number];
type Used = { amountCents: number; count: number };

const tierText = (tiers: string[] | undefined) => (tiers ? `${tiers.join(' or ')} customers` : 'any customer');

function agentBudgetOf(policy: PolicyDocument, level: number) {
  for (const b of policy.agentBudgets) if (!b.agentLevels || b.agentLevels.includes(level)) return b;
  return null;
}

/** The daily budget the agent's team shares, if the policy sets one for it (or for every team). */
export function teamBudgetOf(policy: PolicyDocument, team: string) {
  for (const b of policy.teamBudgets) if (b.team === team) return b;
  for (const b of policy.teamBudgets) if (!b.team) return b;
  return null;
}

const usedOf = (s: Situation, cap: Cap): Used => s.usage.caps[cap.id] ?? { amountCents: 0, count: 0 };

/** What would be left after spending `spend`; `cap` is the tightest customer cap (first of the least amount left). */
function budgetsAfter(
  agentLeft: number | null,
  teamLeft: number | null,
  cap: Cap | null,
  capAmount: number | null,
  capCount: number | null,
  spend: number,
): BudgetsLeft {
  return {
    agentDailyCents: agentLeft == null ? null : Math.max(0, agentLeft - spend),
    teamDailyCents: teamLeft == null ? null : Math.max(0, teamLeft - spend),
    customerCap:
      cap === null
        ? null
        : {
            capId: cap.id,
            amountCents: capAmount == null ? null : Math.max(0, capAmount - spend),
            count: capCount == null ? null : Math.max(0, capCount - (spend > 0 ? 1 : 0)),
          },
  };
}

/** What is left of each budget for `action` now, before any new grant. */
export function budgetsLeft(policy: PolicyDocument, action: string, s: Situation): BudgetsLeft {
  const caps = (action && compile(policy).capsByAction.get(action)) || [];
  return budgetsWith(policy, caps, s);
}

/** The budgets before any grant, for answers that allow nothing. */
function budgetsWith(policy: PolicyDocument, caps: Cap[], s: Situation): BudgetsLeft {
  const agentBudget = agentBudgetOf(policy, s.agent.level);
  const teamBudget = teamBudgetOf(policy, s.agent.team);
  let tight: Cap | null = null;
  let tightAmount: number | null = null;
  let tightCount: number | null = null;
  for (const c of caps) {
    const used = usedOf(s, c);
    const amount = c.maxAmountCents == null ? null : c.maxAmountCents - used.amountCents;
    if (tight === null || (amount ?? Infinity) < (tightAmount ?? Infinity)) {
      tight = c;
      tightAmount = amount;
      tightCount = c.maxCount == null ? null : c.maxCount - used.count;
    }
  }
  return budgetsAfter(
    agentBudget ? agentBudget.dailyAmountCents - s.usage.agentTodayCents : null,
    teamBudget ? teamBudget.dailyAmountCents - s.usage.teamTodayCents : null,
    tight,
    tightAmount,
    tightCount,
    0,
  );
}

const forbidden = (ruleId: string | null, reason: string, budgets: BudgetsLeft): Decision => ({
  outcome: 'forbidden',
  ruleId,
  reason,
  budgets,
});

// Which check asked for approval: the reason is worded only for the one that wins.
const NO_LIMIT = 1;
const LIMIT = 2;
const CAP_AMOUNT = 3;
const CAP_COUNT = 4;
const AGENT = 5;
const TEAM = 6;

export function evaluate(policy: PolicyDocument, req: GrantRequest, s: Situation): Decision {
  const p = compile(policy);
  const amount = req.amountCents;
  const entry = p.byAction.get(req.action);
  if (!entry) return forbidden(null, `“${req.action}” is not an action this policy knows.`, budgetsWith(policy, [], s));
  const action = entry.def;
  for (const stop of entry.stops) {
    if (s.customer.flags.includes(stop.flag)) return forbidden(stop.id, stop.message, budgetsWith(policy, entry.caps, s));
  }
  if (!Number.isInteger(amount) || amount <= 0) return forbidden(null, 'Enter an amount above zero.', budgetsWith(policy, entry.caps, s));
  if (req.reasonCode && action.reasonCodes.length && !action.reasonCodes.includes(req.reasonCode)) {
    const reason = `“${req.reasonCode}” is not a reason for ${entry.labelLower}: pick one of ${entry.codes}.`;
    return forbidden(null, reason, budgetsWith(policy, entry.caps, s));
  }
  if (action.reasonRequired && !req.reasonCode) {
    return forbidden(null, `${action.label} needs a reason: pick one of ${entry.codes}.`, budgetsWith(policy, entry.caps, s));
  }

  const level = s.agent.level;
  const tier = s.customer.tier;
  let limit: LimitEntry | null = null;
  for (const l of entry.limits) {
    const r = l.rule;
    if ((!r.agentLevels || r.agentLevels.includes(level)) && (!r.tiers || r.tiers.includes(tier))) {
      limit = l;
      break;
    }
  }

  // The need to ask: of the checks that need approval, the first of those closest to the top
  // wins (the order they run in); noted here, worded below once it has won.
  let need = 0;
  let needSteps = 0;
  let needLevel = '';
  let needRule: string | null = null;
  let needCap: Cap | null = null;
  let needUsed: Used | null = null;
  if (!limit) {
    need = NO_LIMIT;
    needSteps = p.lowestSteps;
    needLevel = p.lowestLevel;
  } else if (amount > limit.rule.maxAmountCents) {
    need = LIMIT;
    needSteps = limit.steps;
    needLevel = limit.rule.liftedBy;
    needRule = limit.rule.id;
  }

  let tight: Cap | null = null;
  let tightAmount: number | null = null;
  let tightCount: number | null = null;
  for (const c of entry.caps) {
    const used = usedOf(s, c);
    const capAmount = c.maxAmountCents == null ? null : c.maxAmountCents - used.amountCents;
    const capCount = c.maxCount == null ? null : c.maxCount - used.count;
    if (tight === null || (capAmount ?? Infinity) < (tightAmount ?? Infinity)) {
      tight = c;
      tightAmount = capAmount;
      tightCount = capCount;
    }
    const overAmount = capAmount != null && amount > capAmount;
    const overCount = capCount != null && capCount < 1;
    if (!overAmount && !overCount) continue;
    const steps = p.stepsToTop.get(c.liftedBy) ?? 0;
    // Both at once: the amount's need comes first and the count's, at the same steps, never beats it.
    if (need === 0 || steps < needSteps) {
      need = overAmount ? CAP_AMOUNT : CAP_COUNT;
      needSteps = steps;
      needLevel = c.liftedBy;
      needRule = c.id;
      needCap = c;
      needUsed = used;
    }
  }

  const agentBudget = agentBudgetOf(policy, level);
  const teamBudget = teamBudgetOf(policy, s.agent.team);
  const agentLeft = agentBudget ? agentBudget.dailyAmountCents - s.usage.agentTodayCents : null;
  const teamLeft = teamBudget ? teamBudget.dailyAmountCents - s.usage.teamTodayCents : null;
  if (agentBudget && agentLeft != null && amount > agentLeft) {
    const steps = p.stepsToTop.get(agentBudget.liftedBy) ?? 0;
    if (need === 0 || steps < needSteps) {
      need = AGENT;
      needSteps = steps;
      needLevel = agentBudget.liftedBy;
      needRule = agentBudget.id;
    }
  }
  if (teamBudget && teamLeft != null && amount > teamLeft) {
    const steps = p.stepsToTop.get(teamBudget.liftedBy) ?? 0;
    if (need === 0 || steps < needSteps) {
      need = TEAM;
      needSteps = steps;
      needLevel = teamBudget.liftedBy;
      needRule = teamBudget.id;
    }
  }

  if (need !== 0) {
    const cur = policy.currency;
    let reason: string;
    if (need === NO_LIMIT) reason = `No limit lets level ${level} agents grant ${entry.labelLower} to ${tier} customers alone.`;
    else if (need === LIMIT) reason = aboveLimit(p, entry, limit!);
    else if (need === CAP_AMOUNT)
      reason = `This customer already got ${moneyText(needUsed!.amountCents, cur)} of ${entry.labelLower} in the last ${needCap!.windowDays} days; the cap is ${moneyText(needCap!.maxAmountCents!, cur)}.`;
    else if (need === CAP_COUNT)
      reason = `This customer already got ${entry.labelLower} ${needUsed!.count} times in the last ${needCap!.windowDays} days; the cap is ${needCap!.maxCount}.`;
    else if (need === AGENT)
      reason = `This is over your daily budget: ${moneyText(Math.max(0, agentLeft!), cur)} of ${moneyText(agentBudget!.dailyAmountCents, cur)} left today.`;
    else
      reason = `This is over your team's daily budget: ${moneyText(Math.max(0, teamLeft!), cur)} of ${moneyText(teamBudget!.dailyAmountCents, cur)} left today.`;
    return {
      outcome: 'needs_approval',
      level: needLevel,
      levelName: p.levels.get(needLevel)?.name ?? needLevel,
      ruleId: needRule,
      reason,
      budgets: budgetsAfter(agentLeft, teamLeft, tight, tightAmount, tightCount, 0),
    };
  }
  const within = limit!;
  within.within ??= `Within your leeway: up to ${moneyText(within.rule.maxAmountCents, policy.currency)} of ${entry.labelLower} for ${tierText(within.rule.tiers)}.`;
  return { outcome: 'allowed', reason: within.within, budgets: budgetsAfter(agentLeft, teamLeft, tight, tightAmount, tightCount, amount) };
}

function aboveLimit(p: CompiledPolicy, entry: ActionEntry, limit: LimitEntry): string {
  const r = limit.rule;
  limit.above ??= `${entry.def.label} above ${moneyText(r.maxAmountCents, p.doc.currency)} for ${tierText(r.tiers)} needs a ${p.levels.get(r.liftedBy)?.name.toLowerCase()}.`;
  return limit.above;
}

/**
 * For each action, the most the agent may grant alone right now (0 when nothing), so the
 * panel can say "up to $50" before the agent asks. The largest amount the evaluator allows.
 */
export function allowances(
  policy: PolicyDocument,
  s: Situation,
): { action: string; label: string; upToCents: number; reason: string | null }[] {
  return policy.actions.map((a) => {
    const probe = evaluate(policy, { action: a.id, amountCents: 1, reasonCode: a.reasonCodes[0] ?? null }, s);
    if (probe.outcome !== 'allowed') return { action: a.id, label: a.label, upToCents: 0, reason: probe.reason };
    // The allowed set is 1..max (every check is "amount ≤ something"), so binary search it.
    let lo = 1;
    let hi = 1e12;
    while (lo < hi) {
      const mid = Math.floor((lo + hi + 1) / 2);
      if (evaluate(policy, { action: a.id, amountCents: mid, reasonCode: a.reasonCodes[0] ?? null }, s).outcome === 'allowed') lo = mid;
      else hi = mid - 1;
    }
    return { action: a.id, label: a.label, upToCents: lo, reason: null };
  });
}
