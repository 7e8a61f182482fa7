/**
 * Replays logged grants against a draft policy: what would it have allowed, escalated or
 * forbidden instead? Usage is rebuilt as the history unfolds, so caps and budgets see what
 * they would have seen at the time.
 */
import type { Tier } from '../schemas/context';
import type { PolicyDocument } from '../schemas/policy';
import { evaluate } from './evaluate';
import type { Decision, Usage } from './types';

export interface HistoricGrant {
  id: string;
  at: number;
  customerId: string;
  agentId: string;
  team: string;
  agentLevel: number;
  customerTier: Tier;
  customerFlags: string[];
  action: string;
  amountCents: number;
  reasonCode: string | null;
}

export interface WhatIfReport {
  total: number;
  allowed: number;
  needs_approval: number;
  forbidden: number;
  /** Grants the draft would not have allowed alone, with its decision (first 500). */
  notAllowed: { grantId: string; decision: Decision }[];
}

const DAY = 86_400_000;

export function whatIf(policy: PolicyDocument, grants: HistoricGrant[]): WhatIfReport {
  const sorted = [...grants].sort((a, b) => a.at - b.at);
  const byAgentDay = new Map<string, number>();
  const byTeamDay = new Map<string, number>();
  const byCustomerAction = new Map<string, { at: number; amountCents: number }[]>();
  const report: WhatIfReport = { total: 0, allowed: 0, needs_approval: 0, forbidden: 0, notAllowed: [] };

  for (const g of sorted) {
    const day = Math.floor(g.at / DAY);
    const history = byCustomerAction.get(`${g.customerId}|${g.action}`) ?? [];
    const caps: Usage['caps'] = {};
    for (const cap of policy.customerCaps) {
      if (cap.action !== g.action) continue;
      const inWindow = history.filter((h) => h.at > g.at - cap.windowDays * DAY);
      caps[cap.id] = { amountCents: inWindow.reduce((s, h) => s + h.amountCents, 0), count: inWindow.length };
    }
    const decision = evaluate(
      policy,
      { action: g.action, amountCents: g.amountCents, reasonCode: g.reasonCode },
      {
        agent: { level: g.agentLevel, team: g.team },
        customer: { tier: g.customerTier, flags: g.customerFlags },
        usage: {
          caps,
          agentTodayCents: byAgentDay.get(`${g.agentId}|${day}`) ?? 0,
          teamTodayCents: byTeamDay.get(`${g.team}|${day}`) ?? 0,
        },
      },
    );
    report.total++;
    report[decision.outcome]++;
    if (decision.outcome !== 'allowed' && report.notAllowed.length < 500) report.notAllowed.push({ grantId: g.id, decision });

    // It happened, whatever the draft says: it counts towards what follows.
    byAgentDay.set(`${g.agentId}|${day}`, (byAgentDay.get(`${g.agentId}|${day}`) ?? 0) + g.amountCents);
    byTeamDay.set(`${g.team}|${day}`, (byTeamDay.get(`${g.team}|${day}`) ?? 0) + g.amountCents);
    byCustomerAction.set(`${g.customerId}|${g.action}`, [...history, { at: g.at, amountCents: g.amountCents }]);
  }
  return report;
}
