/**
 * Hard stops that hold for a customer now, known before anyone types an amount: the panel shows
 * them as a banner with their reason, and nothing Leeway suggests may contradict one.
 */
import type { PolicyDocument } from '../schemas/policy';

export interface ActiveHardStop {
  id: string;
  message: string;
  /** The actions it stops, as the policy lists them (every action when the rule names none). */
  actions: { id: string; label: string }[];
  /** It stops every action the policy has. */
  all: boolean;
}

export function activeHardStops(policy: Pick<PolicyDocument, 'hardStops' | 'actions'>, flags: readonly string[]): ActiveHardStop[] {
  return policy.hardStops
    .filter((s) => flags.includes(s.flag))
    .map((s) => {
      const actions = policy.actions.filter((a) => !s.actions || s.actions.includes(a.id)).map((a) => ({ id: a.id, label: a.label }));
      return { id: s.id, message: s.message, actions, all: actions.length === policy.actions.length };
    });
}

/** The actions no amount can unlock for this customer. */
export const stoppedActions = (stops: ActiveHardStop[]): Set<string> => new Set(stops.flatMap((s) => s.actions.map((a) => a.id)));

/**
 * Suggestions are read from the customer's history alone (a failed payment, churn risk) and know
 * nothing of the account's standing: while a hard stop holds, its message is the guidance, so a
 * suggestion to offer a gesture or change how they pay never stands beside it.
 */
export function suggestionsUnderHardStops(suggestions: string[], stops: ActiveHardStop[]): string[] {
  return stops.length ? [] : suggestions;
}
