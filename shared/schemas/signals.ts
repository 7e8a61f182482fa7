/** Signals computed on the server from what the business already knows, pushed live to panels. */
export interface Signals {
  churn: { level: 'low' | 'medium' | 'high'; score: number; reasons: string[] };
  /** Other contacts in the last `days` days. */
  repeatContact: { count: number; days: number };
  sentiment: { trend: 'improving' | 'worsening' | 'steady' | 'unknown'; latest: number | null; points: number[] };
  surveys: { at: string; survey: 'csat' | 'nps' | 'ces'; score: number }[];
  /** The SLA clock of the ticket on screen, when Leeway knows when it was opened. */
  sla: { openedAt: string; dueAt: string; targetMinutes: number } | null;
  /** What the panel may suggest, already filtered by the customer's consent. */
  suggestions: string[];
  /** Consent-driven cautions the agent must see. */
  cautions: string[];
}
