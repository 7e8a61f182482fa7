/**
 * The customer context an agent sees for a ticket: profile, masked contact, consent,
 * conflicts, open tickets, recent events, and signals computed from the last 90 days.
 */
import type { FastifyInstance } from 'fastify';
import type { CustomerContext, Tier } from '@shared/schemas/context';
import type { Signals } from '@shared/schemas/signals';
import { computeSignals } from '../signals/compute';
import { pushSignals } from '../sockets/push';

const DAY = 86_400_000;

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
  const c = await app.repos.customers.profile(tenantId, customerId);
  if (!c) return null;
  const now = Date.now();
  const [ref] = ticketRefs ?? [];
  const [events, sentiment, ticket] = await Promise.all([
    app.repos.customers.eventsSince(tenantId, customerId, now - 90 * DAY),
    ref ? app.repos.conversations.scores(tenantId, ref) : Promise.resolve([]),
    ticketRefs?.length ? app.repos.customers.ticket(tenantId, ticketRefs) : Promise.resolve(null),
  ]);
  return computeSignals({
    now,
    tier: c.tier as Tier,
    customerSince: c.customerSince,
    consent: c.consent,
    events,
    sentiment,
    // As the events name it, so the ticket's own contact is not counted as a repeat.
    ticket: ticket ? { ref: ticket.ref, openedAt: ticket.openedAt } : null,
  });
}

export async function customerContext(
  app: FastifyInstance,
  tenantId: string,
  customerId: string,
  ticketRefs: string[] | null,
): Promise<CustomerContext | null> {
  const [base, signals] = await Promise.all([
    app.repos.customers.context(tenantId, customerId),
    signalsFor(app, tenantId, customerId, ticketRefs),
  ]);
  return base && signals ? { ...base, signals } : null;
}

/** After something new about a customer: push the customer-wide signals to everyone viewing them. */
export async function pushFreshSignals(app: FastifyInstance, tenantId: string, customerId: string) {
  const signals = await signalsFor(app, tenantId, customerId, null);
  if (signals) pushSignals(app, tenantId, { customerId, signals });
}
