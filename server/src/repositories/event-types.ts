import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { AmountCents } from '@shared/schemas/common';
import type { EventTypeBody } from '@shared/schemas/customer-events';
import type { Database } from '../db/database';

const KIND = { string: z.string().max(500), number: z.number(), boolean: z.boolean(), money: AmountCents } as const;

/** Custom event types per tenant, and the zod schema each declaration stands for. */
export function createEventTypesRepository(db: Database) {
  const { eventTypes } = db.t;
  return {
    async declare(tenantId: string, createdBy: string, body: EventTypeBody) {
      const row = { tenantId, type: body.type, label: body.label, fields: body.fields, alert: false, createdBy, createdAt: Date.now() };
      await db.tx((tx) =>
        tx
          .insert(eventTypes)
          .values(row)
          .onConflictDoUpdate({ target: [eventTypes.tenantId, eventTypes.type], set: { label: body.label, fields: body.fields } }),
      );
      return row;
    },
    async list(tenantId: string) {
      return db.q.select().from(eventTypes).where(eq(eventTypes.tenantId, tenantId));
    },
    /** The schema for a declared type's data, or null when the tenant never declared it. */
    async dataSchema(tenantId: string, type: string) {
      const [t] = await db.q
        .select()
        .from(eventTypes)
        .where(and(eq(eventTypes.tenantId, tenantId), eq(eventTypes.type, type)))
        .limit(1);
      if (!t) return null;
      return z.object(Object.fromEntries(t.fields.map((f) => [f.name, f.required ? KIND[f.kind] : KIND[f.kind].optional()]))).strict();
    },
  };
}
