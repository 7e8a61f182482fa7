/** Signals computed on the server from what the business already knows, pushed live to panels. */
export interface Signals {
  churn: { level: 'low' | 'medium' | 'high'; score: number; reasons: string[] };
  /** Contacts in the last `days` days beyond the first: 1 means the customer wrote twice. */
  repeatContact: { count: number; days: number };
  /** The conversation on the ticket on screen, message by message. */
  sentiment: { trend: 'improving' | 'worsening' | 'steady' | 'unknown'; latest: number | null; points: number[] };
  surveys: { at: string; survey: 'csat' | 'nps' | 'ces'; score: number }[];
  /** The SLA clock of the ticket on screen, when Leeway knows when it was opened. */
  sla: { openedAt: string; dueAt: string; targetMinutes: number } | null;
  /** What the panel may suggest, already filtered by the customer's consent. */
  suggestions: string[];
  /** Consent-driven cautions the agent must see. */
  cautions: string[];
}

/**
 * The parts that belong to the ticket on screen. A customer-wide push (`customer:signals`) cannot
 * know them: a panel keeps its own. Everything else depends on the customer's history alone, so a
 * live push and a fresh snapshot say the same.
 */
export const TICKET_SIGNAL_KEYS = ['sla', 'sentiment'] as const;
export type TicketSignals = Pick<Signals, (typeof TICKET_SIGNAL_KEYS)[number]>;
export type CustomerSignals = Omit<Signals, keyof TicketSignals>;

/** The ticket parts of `signals`. */
export const ticketPartOf = (signals: Signals): TicketSignals => ({ sla: signals.sla, sentiment: signals.sentiment });

/** The customer-wide parts of `signals`: what a push and a snapshot must agree on. */
export function customerPartOf(signals: Signals): CustomerSignals {
  const { sla: _sla, sentiment: _sentiment, ...customer } = signals;
  return customer;
}

/** What a panel shows after a customer-wide push: the pushed customer parts, this ticket's own parts kept. */
export const withCustomerSignals = (current: Signals, pushed: Signals): Signals => ({
  ...customerPartOf(pushed),
  ...ticketPartOf(current),
});
