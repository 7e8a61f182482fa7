/**
 * A policy indexed for evaluation: rules grouped by action, levels ranked. Compiled once per
 * document object (WeakMap), so evaluating as the agent types costs lookups, not scans.
 */
import type { PolicyDocument } from '../schemas/policy';

type P = PolicyDocument;
export interface CompiledPolicy {
  doc: P;
  actions: Map<string, P['actions'][number]>;
  limitsByAction: Map<string, P['limits']>;
  capsByAction: Map<string, P['customerCaps']>;
  levels: Map<string, P['levels'][number]>;
  /** Steps from a level to the top of its chain: 0 is the highest authority. */
  stepsToTop: Map<string, number>;
  lowestLevel: string;
}

const cache = new WeakMap<P, CompiledPolicy>();

const groupBy = <T extends { action: string }>(items: T[]) => {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(it.action, [...(m.get(it.action) ?? []), it]);
  return m;
};

export function compile(doc: P): CompiledPolicy {
  const hit = cache.get(doc);
  if (hit) return hit;
  const levels = new Map(doc.levels.map((l) => [l.id, l]));
  const stepsToTop = new Map<string, number>();
  for (const l of doc.levels) {
    let steps = 0;
    for (let cur = l; cur.next && steps <= doc.levels.length; steps++) cur = levels.get(cur.next) ?? { ...cur, next: null };
    stepsToTop.set(l.id, steps);
  }
  // The lowest level is the one furthest from the top: where a request starts.
  const lowestLevel = [...stepsToTop.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const compiled: CompiledPolicy = {
    doc,
    actions: new Map(doc.actions.map((a) => [a.id, a])),
    limitsByAction: groupBy(doc.limits),
    capsByAction: groupBy(doc.customerCaps),
    levels,
    stepsToTop,
    lowestLevel,
  };
  cache.set(doc, compiled);
  return compiled;
}
