/**
 * The customer context an agent sees for a ticket: profile, masked contact, consent,
 * conflicts, open tickets, recent events, and signals computed from the last 90 days.
 */
import type { FastifyInstance } from 'fastify';
import type { CustomerContext, Tier } from '../../../shared/schemas/context';
import type { Signals } from '../../../shared/schemas/signals';
import { computeSignals } from '../signals/compute';

const DAY = 86_400_000;

export async function signalsFor(app: FastifyInstance, tenantId: string, customerId: string, ticketRef: string | null): Promise<Signals | null> {
  const c = await app.repos.customers.profile(tenantId, customerId);
  if (!c) return null;
  const now = Date.now();
  const [events, sentiment, ticket] = await Promise.all([
    app.repos.customers.eventsSince(tenantId, customerId, now - 90 * DAY),
    ticketRef ? app.repos.conversations.scores(tenantId, ticketRef) : Promise.resolve([]),
    ticketRef ? app.repos.customers.ticket(tenantId, ticketRef) : Promise.resolve(null),
  ]);
  return computeSignals({
    now,
    tier: c.tier as Tier,
    customerSince: c.customerSince,
    consent: c.consent,
    events,
    sentiment,
    ticket: ticket && ticketRef ? { ref: ticketRef, openedAt: ticket.openedAt } : null,
  });
}

export async function customerContext(app: FastifyInstance, tenantId: string, customerId: string, ticketRef: string | null): Promise<CustomerContext | null> {
  const [base, signals] = await Promise.all([app.repos.customers.context(tenantId, customerId), signalsFor(app, tenantId, customerId, ticketRef)]);
  return base && signals ? { ...base, signals } : null;
}

/** After something new about a customer: push the customer-wide signals to everyone viewing them. */
export async function pushSignals(app: FastifyInstance, tenantId: string, customerId: string, room: string) {
  const signals = await signalsFor(app, tenantId, customerId, null);
  if (signals) app.io.to(room).emit('customer:signals', { customerId, signals });
}
