/** Short, value-free summaries for audit entries: names of what changed, never the values. */
import type { PolicyChange } from '@shared/policy/diff';

const MAX_LISTED = 30;

/** "changed limits/agent-1-refund: maxCents", "added actions/goodwill"…; counts stay exact when the list is cut. */
export function policyChangeSummary(changes: PolicyChange[]) {
  const count = (k: PolicyChange['kind']) => changes.filter((c) => c.kind === k).length;
  const rules = changes.map((c) => `${c.kind} ${c.collection}/${c.id}${c.fields ? `: ${c.fields.map((f) => f.field).join(', ')}` : ''}`);
  return {
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    rules: rules.slice(0, MAX_LISTED),
    ...(rules.length > MAX_LISTED ? { more: rules.length - MAX_LISTED } : {}),
  };
}
