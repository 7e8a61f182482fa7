/**
 * May this decider approve (or counter with) this grant? The grant is judged by the one
 * evaluator as the agent's grant, in the agent's situation (their budgets, the customer's caps),
 * and then the decider's level must reach every level it needs: the policy's limits, caps and
 * budgets (evaluate's level is the highest of them) and the escalation matrix's band.
 * The side panel runs it before a supervisor sends; the server runs it again and decides.
 */
import { formatMoney } from '../describe-event';
import type { PolicyDocument } from '../schemas/policy';
import { atOrAbove, levelName, routeException } from './escalation';
import { evaluate } from './evaluate';
import type { GrantRequest, Situation } from './types';

export type DeciderCheck =
  /** The decider may grant it; `level` is the level it needed (null: within the agent's own leeway). */
  | { outcome: 'within'; level: string | null; reason: string }
  /** Nobody may grant it: a hard stop, an unknown action, a missing or wrong reason. */
  | { outcome: 'forbidden'; reason: string }
  /** Above the decider: `level` may decide it (or send it up to there). */
  | { outcome: 'above'; level: string; levelName: string; reason: string };

export function judgeDecision(policy: PolicyDocument, grant: GrantRequest, s: Situation, deciderLevel: string): DeciderCheck {
  const d = evaluate(policy, grant, s);
  if (d.outcome === 'forbidden') return { outcome: 'forbidden', reason: d.reason };
  if (d.outcome === 'allowed') return { outcome: 'within', level: null, reason: d.reason };
  const needed = routeException(policy, { action: grant.action, amountCents: grant.amountCents, tier: s.customer.tier }, d.level).level;
  const mine = levelName(policy, deciderLevel).toLowerCase();
  if (atOrAbove(policy, deciderLevel, needed))
    return { outcome: 'within', level: needed, reason: `Within what a ${mine} may lift. ${d.reason}` };
  const label = policy.actions.find((a) => a.id === grant.action)?.label.toLowerCase() ?? grant.action;
  const name = levelName(policy, needed);
  return {
    outcome: 'above',
    level: needed,
    levelName: name,
    reason: `${formatMoney(grant.amountCents, policy.currency)} of ${label} needs a ${name.toLowerCase()}, above a ${mine}: ${
      needed === d.level ? d.reason : `the escalation matrix sends this amount to a ${name.toLowerCase()}.`
    } Offer less, or send it up.`,
  };
}
