import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { CustomerEvent, IngestEvent } from '@shared/schemas/customer-events';
import type { Database } from '../db/database';
import type { events } from '../db/schema.sqlite';

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
  const { events, tickets } = db.t;
  return {
    /**
     * Stores an event once per sender id. The event and what it implies for open tickets
     * commit together, so a crash never leaves one without the other. Inside the caller's
     * transaction (a webhook's replay record, an import's batch), it joins it: all or nothing.
     */
    async record(tenantId: string, customerId: string, e: IngestEvent): Promise<{ status: 'stored' | 'duplicate'; event: CustomerEvent }> {
      const occurredAt = Date.parse(e.occurredAt);
      return db.tx(async (tx) => {
        const [row] = await tx
          .insert(events)
          .values({
            id: randomUUID(),
            tenantId,
            customerId,
            externalId: e.id,
            type: e.type,
            data: e.data,
            occurredAt,
            receivedAt: Date.now(),
          })
          .onConflictDoNothing()
          .returning();
        if (!row) {
          const [existing] = await tx
            .select()
            .from(events)
            .where(and(eq(events.tenantId, tenantId), eq(events.externalId, e.id)))
            .limit(1);
          return { status: 'duplicate' as const, event: toCustomerEvent(existing!) };
        }
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
        return { status: 'stored' as const, event: toCustomerEvent(row) };
      });
    },
  };
}
export type EventsRepository = ReturnType<typeof createEventsRepository>;
