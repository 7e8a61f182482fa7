/** What changed between two policy versions, rule by rule, field by field. */
import type { PolicyDocument } from '../schemas/policy';

export interface PolicyChange {
  collection: string;
  id: string;
  kind: 'added' | 'removed' | 'changed';
  fields?: { field: string; from: unknown; to: unknown }[];
}

const COLLECTIONS = ['levels', 'actions', 'limits', 'customerCaps', 'agentBudgets', 'teamBudgets', 'hardStops', 'escalation'] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffPolicies(from: PolicyDocument, to: PolicyDocument): PolicyChange[] {
  const changes: PolicyChange[] = [];
  if (from.currency !== to.currency)
    changes.push({
      collection: 'policy',
      id: 'currency',
      kind: 'changed',
      fields: [{ field: 'currency', from: from.currency, to: to.currency }],
    });
  for (const collection of COLLECTIONS) {
    const before = new Map<string, Record<string, unknown>>(from[collection].map((r) => [r.id, r as Record<string, unknown>]));
    const after = new Map<string, Record<string, unknown>>(to[collection].map((r) => [r.id, r as Record<string, unknown>]));
    for (const [id, b] of before) {
      const a = after.get(id);
      if (!a) {
        changes.push({ collection, id, kind: 'removed' });
        continue;
      }
      const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])]
        .filter((f) => !same(b[f], a[f]))
        .map((field) => ({ field, from: b[field], to: a[field] }));
      if (fields.length) changes.push({ collection, id, kind: 'changed', fields });
    }
    for (const id of after.keys()) if (!before.has(id)) changes.push({ collection, id, kind: 'added' });
  }
  return changes;
}
