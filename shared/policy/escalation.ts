/**
 * Who decides an exception, and how fast: the higher of the level the policy's rule names
 * and the level the escalation matrix gives for the action, amount band and tier.
 */
import type { Tier } from '../schemas/context';
import type { PolicyDocument } from '../schemas/policy';
import { compile } from './compile';

export interface Route {
  level: string;
  slaSeconds: number;
}

export function routeException(
  policy: PolicyDocument,
  req: { action: string; amountCents: number; tier: Tier },
  policyLevel: string,
): Route {
  const p = compile(policy);
  const row = policy.escalation.find(
    (r) =>
      (!r.action || r.action === req.action) &&
      req.amountCents >= (r.minAmountCents ?? 0) &&
      req.amountCents < (r.maxAmountCents ?? Infinity) &&
      (!r.tiers || r.tiers.includes(req.tier)),
  );
  const higher = row && (p.stepsToTop.get(row.level) ?? Infinity) < (p.stepsToTop.get(policyLevel) ?? Infinity) ? row.level : policyLevel;
  const level = p.levels.get(higher)!;
  return { level: higher, slaSeconds: (row?.level === higher ? row.slaSeconds : undefined) ?? level.slaSeconds };
}

/** The level above, or null at the top. */
export const nextLevel = (policy: PolicyDocument, level: string): string | null => compile(policy).levels.get(level)?.next ?? null;

/** True when `decider` is `level` or above it in the chain. */
export function atOrAbove(policy: PolicyDocument, decider: string, level: string): boolean {
  for (let cur: string | null = level, steps = 0; cur && steps <= policy.levels.length; cur = nextLevel(policy, cur), steps++)
    if (cur === decider) return true;
  return false;
}

export const levelName = (policy: PolicyDocument, level: string) => compile(policy).levels.get(level)?.name ?? level;
