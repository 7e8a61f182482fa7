import type { Tier } from '../schemas/tier';

/** What is being asked for. */
export interface GrantRequest {
  action: string;
  amountCents: number;
  reasonCode?: string | null;
}

/** What has already been granted, in the windows the policy cares about (amounts in cents). */
export interface Usage {
  /** capId → what this customer already got within that cap's window. */
  caps: Record<string, { amountCents: number; count: number }>;
  agentTodayCents: number;
  teamTodayCents: number;
}

export interface Situation {
  agent: { level: number; team: string };
  customer: { tier: Tier; flags: string[] };
  usage: Usage;
}

export interface BudgetsLeft {
  /** After this grant, were it made; null where no such budget applies. */
  agentDailyCents: number | null;
  teamDailyCents: number | null;
  /** The tightest customer cap for this action. */
  customerCap: { capId: string; amountCents: number | null; count: number | null } | null;
}

export type Decision =
  | { outcome: 'allowed'; reason: string; budgets: BudgetsLeft }
  | { outcome: 'needs_approval'; level: string; levelName: string; ruleId: string | null; reason: string; budgets: BudgetsLeft }
  | { outcome: 'forbidden'; ruleId: string | null; reason: string; budgets: BudgetsLeft };
