import { allowances, budgetsLeft } from '@shared/policy/evaluate';
import type { Situation } from '@shared/policy/types';
import type { PolicyDocument } from '@shared/schemas/policy';
import { formatMoney } from './format';

/**
 * What the agent may grant this customer alone, before they ask: each action's most, in words
 * on the page. Hard-stopped actions are the banner's to explain; actions that need approval for
 * any amount are named once, apart.
 */
export function Allowances({ policy, situation, stopped }: { policy: PolicyDocument; situation: Situation; stopped: Set<string> }) {
  const money = (c: number) => formatMoney(c, policy.currency);
  const list = allowances(policy, situation).filter((a) => !stopped.has(a.action));
  const open = list.filter((a) => a.upToCents > 0);
  const askFirst = list.filter((a) => a.upToCents === 0);
  const { agentDailyCents } = budgetsLeft(policy, policy.actions[0]!.id, situation);
  return (
    <>
      <h3 id="may-grant">You may grant alone, up to</h3>
      {open.length > 0 && (
        <ul class="allowances" aria-labelledby="may-grant">
          {open.map((a) => (
            <li key={a.action} data-action={a.action}>
              <span>{a.label}</span> <strong>{money(a.upToCents)}</strong>
            </li>
          ))}
        </ul>
      )}
      {askFirst.length > 0 && (
        <p class="ask-first" data-field="ask-first">
          Needs approval for any amount: {askFirst.map((a) => a.label).join(', ')}.
        </p>
      )}
      {agentDailyCents != null && (
        <p class="muted budget" data-field="agent-budget">
          {money(agentDailyCents)} of your daily budget left
        </p>
      )}
    </>
  );
}
