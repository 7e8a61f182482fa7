/**
 * A policy indexed for evaluation: rules grouped by action, levels ranked. Compiled once per
 * document object (WeakMap), so evaluating as the agent types costs lookups, not scans. A
 * document is treated as immutable once compiled: edit a copy, never the object in use.
 */
import type { PolicyDocument } from '../schemas/policy';

type P = PolicyDocument;

/** A limit as the evaluator meets it; its two sentences are worded on first use, then reused. */
export interface LimitEntry {
  rule: P['limits'][number];
  /** Steps from the level that lifts it to the top. */
  steps: number;
  /** "… above $100 for gold customers needs a team lead." */
  above: string | null;
  /** "Within your leeway: up to $100 of …" */
  within: string | null;
}

/** Everything about one action the evaluator needs, gathered once. */
export interface ActionEntry {
  def: P['actions'][number];
  labelLower: string;
  /** Its reason codes as the refusals list them. */
  codes: string;
  limits: LimitEntry[];
  caps: P['customerCaps'];
  /** The hard stops that apply to this action, in the policy's order. */
  stops: P['hardStops'];
}
export interface CompiledPolicy {
  doc: P;
  actions: Map<string, P['actions'][number]>;
  limitsByAction: Map<string, P['limits']>;
  capsByAction: Map<string, P['customerCaps']>;
  levels: Map<string, P['levels'][number]>;
  /** Steps from a level to the top of its chain: 0 is the highest authority. */
  stepsToTop: Map<string, number>;
  lowestLevel: string;
  lowestSteps: number;
  /** Action id → what the evaluator needs about it (the same action `actions` holds). */
  byAction: Map<string, ActionEntry>;
}

const cache = new WeakMap<P, CompiledPolicy>();
/** The one asked for last: nearly every call asks for the same policy again, and this skips the WeakMap. */
let last: CompiledPolicy | null = null;

const groupBy = <T extends { action: string }>(items: T[]) => {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(it.action, [...(m.get(it.action) ?? []), it]);
  return m;
};

export function compile(doc: P): CompiledPolicy {
  if (last?.doc === doc) return last;
  const hit = cache.get(doc);
  if (hit) {
    last = hit;
    return hit;
  }
  const levels = new Map(doc.levels.map((l) => [l.id, l]));
  const stepsToTop = new Map<string, number>();
  for (const l of doc.levels) {
    let steps = 0;
    for (let cur = l; cur.next && steps <= doc.levels.length; steps++) cur = levels.get(cur.next) ?? { ...cur, next: null };
    stepsToTop.set(l.id, steps);
  }
  // The lowest level is the one furthest from the top: where a request starts.
  const lowestLevel = [...stepsToTop.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const actions = new Map(doc.actions.map((a) => [a.id, a]));
  const limitsByAction = groupBy(doc.limits);
  const capsByAction = groupBy(doc.customerCaps);
  const byAction = new Map<string, ActionEntry>();
  for (const [id, def] of actions) {
    byAction.set(id, {
      def,
      labelLower: def.label.toLowerCase(),
      codes: def.reasonCodes.join(', '),
      limits: (limitsByAction.get(id) ?? []).map((rule) => ({
        rule,
        steps: stepsToTop.get(rule.liftedBy) ?? 0,
        above: null,
        within: null,
      })),
      caps: (id && capsByAction.get(id)) || [],
      stops: doc.hardStops.filter((h) => !h.actions || h.actions.includes(id)),
    });
  }
  const compiled: CompiledPolicy = {
    doc,
    actions,
    limitsByAction,
    capsByAction,
    levels,
    stepsToTop,
    lowestLevel,
    lowestSteps: stepsToTop.get(lowestLevel) ?? 0,
    byAction,
  };
  cache.set(doc, compiled);
  last = compiled;
  return compiled;
}
