import { and, eq, gte, sql } from 'drizzle-orm';
import { timeOrderedId } from '../db/time-ordered-id';
import type { CustomerEvent, IngestEvent } from '@shared/schemas/customer-events';
import type { Database } from '../db/database';
import { type SignalSummary, summarize, SUMMARY_TYPES, type SummaryEvent, usableSummary, WINDOW_DAYS, withEvent } from '../signals/summary';
import type { events } from '../db/schema.sqlite';
import { prepareSignalParts, type SignalParts } from './customers/signal-parts';

const HISTORY_MS = WINDOW_DAYS.history * 86_400_000;

/** The events a customer's signal summary is built from: their last 90 days (and any dated ahead). */
export const summaryHistory = ({ q, t }: Database, tenantId: string, customerId: string, now: number): Promise<SummaryEvent[]> =>
  q
    .select({ type: t.events.type, data: t.events.data, occurredAt: t.events.occurredAt })
    .from(t.events)
    .where(and(eq(t.events.tenantId, tenantId), eq(t.events.customerId, customerId), gte(t.events.occurredAt, now - HISTORY_MS)));

export const toCustomerEvent = (row: typeof events.$inferSelect): CustomerEvent =>
  ({
    id: row.id,
    customerId: row.customerId,
    type: row.type,
    data: row.data,
    occurredAt: new Date(row.occurredAt).toISOString(),
    receivedAt: new Date(row.receivedAt).toISOString(),
  }) as CustomerEvent;

export function createEventsRepository(db: Database) {
  const { events, tickets, customers } = db.t;
  const p = sql.placeholder;
  const insert = db.prepared('events.insert', (q) =>
    q
      .insert(events)
      .values({
        id: p('id'),
        tenantId: p('tenantId'),
        customerId: p('customerId'),
        externalId: p('externalId'),
        type: p('type'),
        data: p('data'),
        occurredAt: p('occurredAt'),
        receivedAt: p('receivedAt'),
      })
      .onConflictDoNothing()
      // The id alone: the stored row is what was given, and reading it back costs more than the insert's indexes.
      .returning({ id: events.id }),
  );
  const theCustomer = and(eq(customers.tenantId, p('tenantId')), eq(customers.id, p('customerId')));
  // Read with the summary, so the event can carry the signals it leaves.
  const readParts = prepareSignalParts(db);
  const writeSummary = db.prepared('customers.writeSummary', (q) =>
    // drizzle's types leave placeholders out of `set`; it encodes one like any value (as JSON here).
    q
      .update(customers)
      .set({ signalSummary: p('summary') as unknown as SignalSummary })
      .where(theCustomer),
  );
  /** The event a sender sent under its own id, as stored (in the caller's transaction, if any); null when none was. */
  async function bySenderId(tenantId: string, senderId: string): Promise<CustomerEvent | null> {
    const [row] = await db.q
      .select()
      .from(events)
      .where(and(eq(events.tenantId, tenantId), eq(events.externalId, senderId)))
      .limit(1);
    return row ? toCustomerEvent(row) : null;
  }
  return {
    /**
     * Stores an event once per sender id. The event and what it implies for open tickets
     * commit together, so a crash never leaves one without the other. Inside the caller's
     * transaction (a webhook's replay record, an import's batch), it joins it: all or nothing.
     */
    bySenderId,

    /** `parts`: what the customer's signals are computed from, as this event left them (when it is one the summary counts). */
    async record(
      tenantId: string,
      customerId: string,
      e: IngestEvent,
    ): Promise<{ status: 'stored' | 'duplicate'; event: CustomerEvent; parts?: SignalParts }> {
      const occurredAt = Date.parse(e.occurredAt);
      return db.tx(async (tx) => {
        const row = {
          id: timeOrderedId(),
          tenantId,
          customerId,
          externalId: e.id,
          type: e.type,
          data: e.data,
          occurredAt,
          receivedAt: Date.now(),
        };
        const [inserted] = await insert(row);
        if (!inserted) return { status: 'duplicate' as const, event: (await bySenderId(tenantId, e.id))! };
        if (e.type === 'contact.opened') {
          await tx
            .insert(tickets)
            .values({
              tenantId,
              ref: e.data.ticketRef,
              customerId,
              channel: e.data.channel,
              subject: e.data.subject ?? null,
              openedAt: occurredAt,
            })
            .onConflictDoUpdate({
              target: [tickets.tenantId, tickets.ref],
              set: { closedAt: null, subject: sql`coalesce(excluded.subject, ${tickets.subject})` },
            });
        } else if (e.type === 'contact.closed') {
          await tx
            .update(tickets)
            .set({ closedAt: occurredAt })
            .where(and(eq(tickets.tenantId, tenantId), eq(tickets.ref, e.data.ticketRef)));
        }
        const parts = await keepSummary(tenantId, customerId, { type: row.type, data: row.data, occurredAt: row.occurredAt });
        return { status: 'stored' as const, event: toCustomerEvent(row), ...(parts && { parts }) };
      });
    },
  };

  /**
   * The customer's signal summary with the new event in it, in the event's transaction (which holds
   * the customer's lock): built from their stored events (the new one among them) when there is none.
   */
  async function keepSummary(tenantId: string, customerId: string, e: SummaryEvent): Promise<SignalParts | null> {
    if (!SUMMARY_TYPES.has(e.type)) return null;
    const now = Date.now();
    const c = await readParts(tenantId, customerId);
    if (!c) return null;
    const stored = usableSummary(c.signalSummary);
    const next = stored ? withEvent(stored, e, now) : summarize(await summaryHistory(db, tenantId, customerId, now), now);
    if (next !== stored) await writeSummary({ tenantId, customerId, summary: next });
    return { ...c, signalSummary: next };
  }
}
export type EventsRepository = ReturnType<typeof createEventsRepository>;
