/**
 * Checks a policy beyond its schema: every reference resolves, no two rules claim the same
 * case, escalation levels form chains without cycles. Every error names its rule.
 */
import { PolicyDocument } from '../schemas/policy';

export interface PolicyError {
  path: string;
  ruleId: string | null;
  message: string;
}
export type PolicyCheck = { ok: true; policy: PolicyDocument } | { ok: false; errors: PolicyError[] };

const intersects = <T>(a: T[] | undefined, b: T[] | undefined) => !a || !b || a.some((x) => b.includes(x));
const describeSet = <T>(label: string, a: T[] | undefined, b: T[] | undefined) =>
  !a && !b ? `every ${label}` : `${label} ${(a ?? b!).filter((x) => !a || !b || b.includes(x)).join(', ')}`;

export function validatePolicy(input: unknown): PolicyCheck {
  const parsed = PolicyDocument.safeParse(input);
  if (!parsed.success) {
    const raw = input as Record<string, { id?: unknown }[] | undefined>;
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const [collection, index, ...rest] = issue.path;
        const id = typeof collection === 'string' && typeof index === 'number' ? raw?.[collection]?.[index]?.id : undefined;
        const ruleId = typeof id === 'string' ? id : null;
        const where =
          typeof index === 'number' ? `${String(collection)}[${index}]${ruleId ? ` (${ruleId})` : ''}` : String(collection ?? 'policy');
        return { path: issue.path.join('.'), ruleId, message: `${where}${rest.length ? `.${rest.join('.')}` : ''}: ${issue.message}` };
      }),
    };
  }
  const p = parsed.data;
  const errors: PolicyError[] = [];
  const err = (path: string, ruleId: string | null, message: string) => errors.push({ path, ruleId, message });

  for (const [name, items] of Object.entries({
    levels: p.levels,
    actions: p.actions,
    limits: p.limits,
    customerCaps: p.customerCaps,
    agentBudgets: p.agentBudgets,
    teamBudgets: p.teamBudgets,
    hardStops: p.hardStops,
    escalation: p.escalation,
  })) {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.id)) err(`${name}.${i}.id`, it.id, `${name}: the id “${it.id}” is used twice`);
      seen.add(it.id);
    });
  }

  const levels = new Map(p.levels.map((l) => [l.id, l]));
  p.levels.forEach((l, i) => {
    if (l.next && !levels.has(l.next)) err(`levels.${i}.next`, l.id, `levels[${i}] (${l.id}): next level “${l.next}” is not declared`);
  });
  const inCycle = new Set<string>();
  for (const start of p.levels) {
    if (inCycle.has(start.id)) continue; // one report per cycle
    const path = [start.id];
    for (let cur = start; cur.next && levels.has(cur.next); ) {
      cur = levels.get(cur.next)!;
      if (cur.id === start.id) {
        path.forEach((id) => inCycle.add(id));
        err('levels', start.id, `levels: ${[...path, cur.id].join(' → ')} is a cycle; each chain must end at a level with next: null`);
        break;
      }
      if (path.includes(cur.id)) break; // a cycle not through start: reported from its own members
      path.push(cur.id);
    }
  }

  const actions = new Set(p.actions.map((a) => a.id));
  const checkAction = (coll: string, i: number, id: string, action: string) => {
    if (!actions.has(action)) err(`${coll}.${i}.action`, id, `${coll}[${i}] (${id}): action “${action}” is not declared in actions`);
  };
  const checkLevel = (coll: string, i: number, id: string, level: string) => {
    if (!levels.has(level))
      err(`${coll}.${i}.liftedBy`, id, `${coll}[${i}] (${id}): liftedBy “${level}” is not a declared escalation level`);
  };
  p.actions.forEach((a, i) => {
    if (a.reasonRequired && a.reasonCodes.length === 0)
      err(`actions.${i}.reasonCodes`, a.id, `actions[${i}] (${a.id}): a required reason needs at least one reason code`);
  });
  p.limits.forEach((l, i) => {
    checkAction('limits', i, l.id, l.action);
    checkLevel('limits', i, l.id, l.liftedBy);
    p.limits.slice(0, i).forEach((o) => {
      if (o.action === l.action && intersects(o.agentLevels, l.agentLevels) && intersects(o.tiers, l.tiers)) {
        err(
          `limits.${i}`,
          l.id,
          `limits “${o.id}” and “${l.id}” overlap: both apply to ${l.action} for ${describeSet('agent level', o.agentLevels, l.agentLevels)} and ${describeSet('tier', o.tiers, l.tiers)}`,
        );
      }
    });
  });
  p.customerCaps.forEach((c, i) => {
    checkAction('customerCaps', i, c.id, c.action);
    checkLevel('customerCaps', i, c.id, c.liftedBy);
    if (c.maxAmountCents == null && c.maxCount == null)
      err(`customerCaps.${i}`, c.id, `customerCaps[${i}] (${c.id}): set maxAmountCents, maxCount or both`);
  });
  p.agentBudgets.forEach((b, i) => {
    checkLevel('agentBudgets', i, b.id, b.liftedBy);
    p.agentBudgets.slice(0, i).forEach((o) => {
      if (intersects(o.agentLevels, b.agentLevels))
        err(
          `agentBudgets.${i}`,
          b.id,
          `agentBudgets “${o.id}” and “${b.id}” overlap: both apply to ${describeSet('agent level', o.agentLevels, b.agentLevels)}`,
        );
    });
  });
  p.teamBudgets.forEach((b, i) => {
    checkLevel('teamBudgets', i, b.id, b.liftedBy);
    p.teamBudgets.slice(0, i).forEach((o) => {
      if (o.team === b.team)
        err(
          `teamBudgets.${i}`,
          b.id,
          `teamBudgets “${o.id}” and “${b.id}” overlap: both apply to ${b.team ? `team ${b.team}` : 'every team'}`,
        );
    });
  });
  p.hardStops.forEach((h, i) =>
    (h.actions ?? []).forEach(
      (a) => actions.has(a) || err(`hardStops.${i}.actions`, h.id, `hardStops[${i}] (${h.id}): action “${a}” is not declared in actions`),
    ),
  );

  const band = (r: { minAmountCents?: number; maxAmountCents?: number }) => [r.minAmountCents ?? 0, r.maxAmountCents ?? Infinity] as const;
  p.escalation.forEach((r, i) => {
    if (r.action) checkAction('escalation', i, r.id, r.action);
    if (!levels.has(r.level))
      err(`escalation.${i}.level`, r.id, `escalation[${i}] (${r.id}): level “${r.level}” is not a declared escalation level`);
    const [lo, hi] = band(r);
    if (lo >= hi) err(`escalation.${i}`, r.id, `escalation[${i}] (${r.id}): minAmountCents must be below maxAmountCents`);
    p.escalation.slice(0, i).forEach((o) => {
      const [olo, ohi] = band(o);
      const sameAction = !o.action || !r.action || o.action === r.action;
      if (sameAction && lo < ohi && olo < hi && intersects(o.tiers, r.tiers)) {
        err(
          `escalation.${i}`,
          r.id,
          `escalation rows “${o.id}” and “${r.id}” overlap: both apply to ${r.action ?? o.action ?? 'every action'} between ${Math.max(lo, olo)} and ${Math.min(hi, ohi)} cents for ${describeSet('tier', o.tiers, r.tiers)}`,
        );
      }
    });
  });

  return errors.length ? { ok: false, errors } : { ok: true, policy: p };
}
