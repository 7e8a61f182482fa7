/**
 * What the insight card says the agent may grant: the panel's own figures (shared/policy/evaluate.ts
 * `allowances`, hard-stopped actions left out as the panel leaves them to its banner). For an agent
 * Leeway knows (the Aircall user's email is a Leeway user of this tenant) it is that agent's leeway
 * with this customer now, budgets and caps counted. While an inbound call rings a team nobody is on
 * it yet: then it is what a first-level agent may grant this customer's tier under the policy,
 * before anyone's daily budget or this customer's caps, and the card says so.
 */
import type { FastifyInstance } from 'fastify';
import { activeHardStops, stoppedActions } from '@shared/policy/hard-stops';
import { allowances } from '@shared/policy/evaluate';
import { moneyText } from '@shared/policy/money';
import type { Situation } from '@shared/policy/types';
import type { PolicyDocument } from '@shared/schemas/policy';
import type { Tier } from '@shared/schemas/tier';

export interface MayGrant {
  /** Hard stops holding for the customer, each in the policy's words. */
  stops: string[];
  /** "Refund up to $50 · Discount up to $20", or what needs approval; null without a policy. */
  label: string;
  text: string | null;
}

/** Amounts as the panel writes them; actions that need approval for any amount named once, after. */
function words(policy: PolicyDocument, s: Situation, stopped: Set<string>): string {
  const list = allowances(policy, s).filter((a) => !stopped.has(a.action));
  const open = list.filter((a) => a.upToCents > 0).map((a) => `${a.label} up to ${moneyText(a.upToCents, policy.currency)}`);
  const ask = list.filter((a) => a.upToCents === 0).map((a) => a.label);
  if (!open.length && !ask.length) return 'Nothing: see the stop above';
  return [...open, ...(ask.length ? [`approval needed for ${ask.join(', ')}`] : [])].join(' · ');
}

export async function mayGrant(
  app: FastifyInstance,
  tenantId: string,
  customer: { id: string; tier: string; flags: string[] },
  agentUserId: string | null,
): Promise<MayGrant> {
  const mine = agentUserId ? await app.repos.grants.leewayState({ tenantId, userId: agentUserId }, customer.id) : null;
  const policy = mine?.policy ?? (await app.repos.policies.current(tenantId, Date.now()))?.document;
  if (!policy) return { stops: [], label: 'You may grant', text: null };
  const stops = activeHardStops(policy, customer.flags);
  const stopped = stoppedActions(stops);
  const situation: Situation = mine?.situation ?? {
    agent: { level: 1, team: '' },
    customer: { tier: customer.tier as Tier, flags: customer.flags },
    usage: { caps: {}, agentTodayCents: 0, teamTodayCents: 0 },
  };
  return {
    stops: stops.map((s) => s.message),
    label: mine ? 'You may grant alone' : 'Level 1 may grant (before caps)',
    text: words(policy, situation, stopped),
  };
}
