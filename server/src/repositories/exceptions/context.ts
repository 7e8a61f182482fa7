import { and, count, desc, eq, gte, isNull, ne, or } from 'drizzle-orm';
import { ticketRef } from '@shared/ticket-ref';
import type { CustomerReceived, ExceptionView, TicketOfRequest } from '@shared/schemas/exceptions';
import type { PolicyDocument } from '@shared/schemas/policy';
import type { Database } from '../../db/database';
import type { exceptions as exceptionsTable } from '../../db/schema.sqlite';

// Not base.ts's Row: base.ts imports this file, and the layout allows no cycle, type-only included.
type Row = typeof exceptionsTable.$inferSelect;

const DAY = 86_400_000;
/** As daily budgets count (repositories/grants.ts): from midnight UTC. */
const startOfDay = (at: number) => at - (at % DAY);
const LATEST = 3;

type Ticket = { helpdesk: string; instance: string | null; ticketId: string };
const sameTicket = (a: Ticket | null, b: TicketOfRequest | null) =>
  !!a && !!b && a.helpdesk === b.helpdesk && a.instance === b.instance && a.ticketId === b.id;

/** What a decider weighs a request against: its ticket, what the customer already received, the agent's record. */
export function createExceptionContext(db: Database) {
  const { exceptions, grants, interactions, users } = db.t;

  async function ticketOf(row: Row): Promise<TicketOfRequest | null> {
    if (!row.interactionId) return null;
    const [i] = await db.q
      .select({ helpdesk: interactions.helpdesk, instance: interactions.instance, ticketId: interactions.ticketId })
      .from(interactions)
      .where(and(eq(interactions.tenantId, row.tenantId), eq(interactions.id, row.interactionId)));
    return i ? { ref: ticketRef(i.helpdesk, i.instance, i.ticketId), helpdesk: i.helpdesk, instance: i.instance, id: i.ticketId } : null;
  }

  /** Every grant to the customer in 30 days (approved exceptions' included), but the one this request itself made. */
  async function customerReceived(
    row: Row,
    policy: PolicyDocument,
    ticket: TicketOfRequest | null,
    now = Date.now(),
  ): Promise<CustomerReceived> {
    const rows = await db.q
      .select({
        action: grants.action,
        amountCents: grants.amountCents,
        createdAt: grants.createdAt,
        interactionId: grants.interactionId,
        agentName: users.name,
        helpdesk: interactions.helpdesk,
        instance: interactions.instance,
        ticketId: interactions.ticketId,
      })
      .from(grants)
      .leftJoin(users, eq(users.id, grants.userId))
      .leftJoin(interactions, eq(interactions.id, grants.interactionId))
      .where(
        and(
          eq(grants.tenantId, row.tenantId),
          eq(grants.customerId, row.customerId),
          gte(grants.createdAt, now - 30 * DAY),
          or(isNull(grants.exceptionId), ne(grants.exceptionId, row.id)),
        ),
      )
      .orderBy(desc(grants.createdAt));
    const dayStart = startOfDay(now);
    const total = (rs: typeof rows) => ({ count: rs.length, amountCents: rs.reduce((n, r) => n + r.amountCents, 0) });
    return {
      today: total(rows.filter((r) => r.createdAt >= dayStart)),
      last30Days: total(rows),
      latest: rows.slice(0, LATEST).map((r) => ({
        action: r.action,
        actionLabel: policy.actions.find((a) => a.id === r.action)?.label ?? r.action.replace(/_/g, ' '),
        amountCents: r.amountCents,
        at: new Date(r.createdAt).toISOString(),
        agentName: r.agentName ?? 'unknown',
        onThisTicket:
          (!!row.interactionId && r.interactionId === row.interactionId) ||
          sameTicket(r.ticketId == null ? null : { helpdesk: r.helpdesk!, instance: r.instance, ticketId: r.ticketId }, ticket),
      })),
    };
  }

  /** The agent's other requests in 30 days by outcome: a withdrawn one was not asked, a counter-offer is not an approval. */
  async function agentRecent(row: Row, now = Date.now()): Promise<ExceptionView['agentRecent']> {
    const byStatus = await db.q
      .select({ status: exceptions.status, n: count() })
      .from(exceptions)
      .where(
        and(
          eq(exceptions.tenantId, row.tenantId),
          eq(exceptions.agentId, row.agentId),
          gte(exceptions.createdAt, now - 30 * DAY),
          ne(exceptions.id, row.id),
        ),
      )
      .groupBy(exceptions.status);
    const n = (status: Row['status']) => Number(byStatus.find((r) => r.status === status)?.n ?? 0);
    const counts = {
      approved: n('approved'),
      countered: n('countered'),
      denied: n('denied'),
      pending: n('pending'),
      withdrawn: n('withdrawn'),
    };
    return { requested: counts.approved + counts.countered + counts.denied + counts.pending, ...counts };
  }

  return { ticketOf, customerReceived, agentRecent };
}
