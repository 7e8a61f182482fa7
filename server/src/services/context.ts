/**
 * The customer context an agent sees for a ticket: profile, masked contact, consent,
 * conflicts, open tickets, recent events, and signals computed from their history's summary.
 */
import type { FastifyInstance } from 'fastify';
import type { CustomerContext, OpenTicket, Tier } from '@shared/schemas/context';
import type { CustomerSignals, Signals } from '@shared/schemas/signals';
import { type ActiveHardStop, activeHardStops, suggestionsUnderHardStops } from '@shared/policy/hard-stops';
import { parseTicketRef } from '@shared/ticket-ref';
import type { SignalParts } from '../repositories/customers/signal-parts';
import { customerSignals, ticketSignals } from '../signals/compute';
import { type SignalSummary, usableSummary } from '../signals/summary';
import { pushSignals } from '../sockets/push';

/**
 * The customer-wide signals: the one door a snapshot, a ticket's messages and a live push all go
 * through, on the same reads, so what is pushed is what reopening the ticket shows.
 */
async function customerPart(
  app: FastifyInstance,
  tenantId: string,
  customerId: string,
  now: number,
): Promise<{ tier: Tier; consent: Record<string, boolean>; signals: CustomerSignals } | null> {
  const c = await app.repos.customers.signalParts(tenantId, customerId);
  if (!c) return null;
  const [summary, policy] = await Promise.all([
    app.repos.customers.signalSummary(tenantId, customerId, c.signalSummary, now),
    // Hard stops hold only for a customer's flags: without any, the policy has nothing to say here.
    c.flags.length ? app.repos.policies.current(tenantId, now) : null,
  ]);
  // No suggestion contradicts a hard stop.
  return customerPartOf(c, summary, policy ? activeHardStops(policy.document, c.flags) : [], now);
}

function customerPartOf(c: Omit<SignalParts, 'signalSummary'>, summary: SignalSummary, stops: ActiveHardStop[], now: number) {
  const signals = customerSignals({ now, consent: c.consent, summary });
  return {
    tier: c.tier as Tier,
    consent: c.consent,
    signals: { ...signals, suggestions: suggestionsUnderHardStops(signals.suggestions, stops) },
  };
}

/**
 * The customer-wide signals from the parts an event's transaction left (events.record), computed
 * here without a read, as `customerWideSignals` would read them back; null when they need one: a
 * flagged customer's hard stops come from the policy, and a summary the event did not keep is rebuilt.
 */
export function signalsFromParts(parts: SignalParts, now = Date.now()): Signals | null {
  const summary = usableSummary(parts.signalSummary);
  if (parts.flags.length || !summary) return null;
  return signalsOf(customerPartOf(parts, summary, [], now), null);
}

/** The ticket on screen as Leeway knows it: its stored row, if any, and the customer's scored messages on it. */
async function ticketOnScreen(app: FastifyInstance, tenantId: string, refs: string[] | null) {
  if (!refs?.length) return null;
  const [row, scores] = await Promise.all([app.repos.customers.ticket(tenantId, refs), app.repos.conversations.scores(tenantId, refs[0]!)]);
  return { refs, row, scores };
}
type OnScreen = Awaited<ReturnType<typeof ticketOnScreen>>;

const signalsOf = (customer: { tier: Tier; signals: CustomerSignals }, ticket: OnScreen): Signals => ({
  ...customer.signals,
  ...ticketSignals(ticket && { tier: customer.tier, openedAt: ticket.row?.openedAt ?? null, sentiment: ticket.scores }),
});

/**
 * The ticket being worked is open, whether or not a contact event told Leeway so: counted once,
 * under whichever of its forms is stored, and first seen now when Leeway has no record of it.
 */
function withTicketOnScreen(open: OpenTicket[], ticket: OnScreen, now: number): OpenTicket[] {
  if (!ticket || open.some((t) => ticket.refs.includes(t.ref))) return open;
  const { row, refs } = ticket;
  const here: OpenTicket = {
    ref: row?.ref ?? refs[0]!,
    channel: row?.channel ?? parseTicketRef(refs[0]!)?.helpdesk ?? 'helpdesk',
    subject: row?.subject ?? null,
    openedAt: new Date(row?.openedAt ?? now).toISOString(),
  };
  return [here, ...open].sort((a, b) => b.openedAt.localeCompare(a.openedAt));
}

/**
 * `ticketRefs`: the ticket on screen under every form it may be stored (shared/helpdesk-instance.ts
 * sameTicketRefs), the first being the one Leeway writes now; null for customer-wide signals.
 */
export async function signalsFor(
  app: FastifyInstance,
  tenantId: string,
  customerId: string,
  ticketRefs: string[] | null,
): Promise<Signals | null> {
  const [customer, ticket] = await Promise.all([
    customerPart(app, tenantId, customerId, Date.now()),
    ticketOnScreen(app, tenantId, ticketRefs),
  ]);
  return customer && signalsOf(customer, ticket);
}

export async function customerContext(
  app: FastifyInstance,
  tenantId: string,
  customerId: string,
  ticketRefs: string[] | null,
): Promise<CustomerContext | null> {
  const now = Date.now();
  const [base, customer, ticket] = await Promise.all([
    app.repos.customers.context(tenantId, customerId),
    customerPart(app, tenantId, customerId, now),
    ticketOnScreen(app, tenantId, ticketRefs),
  ]);
  if (!base || !customer) return null;
  return { ...base, openTickets: withTicketOnScreen(base.openTickets, ticket, now), signals: signalsOf(customer, ticket) };
}

/**
 * The customer-wide signals (the ticket parts empty), with the tier and consent they were computed
 * from, in one read of the customer: what a push and next best action need.
 */
export async function customerWideSignals(
  app: FastifyInstance,
  tenantId: string,
  customerId: string,
): Promise<{ tier: Tier; consent: Record<string, boolean>; signals: Signals } | null> {
  const customer = await customerPart(app, tenantId, customerId, Date.now());
  return customer && { tier: customer.tier, consent: customer.consent, signals: signalsOf(customer, null) };
}

/**
 * After something new about a customer: push the customer-wide signals to everyone viewing them.
 * The ticket parts (TICKET_SIGNAL_KEYS) go out empty: each panel keeps its own ticket's.
 */
export async function pushFreshSignals(app: FastifyInstance, tenantId: string, customerId: string) {
  const customer = await customerWideSignals(app, tenantId, customerId);
  if (customer) pushSignals(app, tenantId, { customerId, signals: customer.signals });
}
