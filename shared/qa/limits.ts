/** The tightest limit a policy sets for an action, agent level and customer tier: what "near the limit" measures against. */
import type { PolicyDocument } from '../schemas/policy';

export function limitFor(policy: PolicyDocument, action: string, agentLevel: number, tier: string): number | null {
  let best: number | null = null;
  for (const l of policy.limits) {
    if (l.action !== action) continue;
    if (l.agentLevels && !l.agentLevels.includes(agentLevel)) continue;
    if (l.tiers && !(l.tiers as string[]).includes(tier)) continue;
    if (best === null || l.maxAmountCents < best) best = l.maxAmountCents;
  }
  return best;
}
