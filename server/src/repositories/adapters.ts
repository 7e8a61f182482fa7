import { and, asc, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { AdapterDefinition, AdapterRecord } from '@shared/schemas/adapters';
import type { Database } from '../db/database';
import { faultCode } from '../db/errors';
import type { helpdeskAdapters } from '../db/schema.sqlite';
import { UserError } from '../errors';

type Row = typeof helpdeskAdapters.$inferSelect;
const toRecord = (r: Row): AdapterRecord => ({
  id: r.id,
  definition: r.definition as AdapterDefinition,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** The unique (tenant, name) index turns a second adapter of the same name into a 409 the admin can act on. */
const taken = (name: string) => new UserError(409, `name: an adapter named "${name}" already exists`);
/** SQLite's and PostgreSQL's unique violation (drizzle keeps the driver's error as `cause`). */
const isUniqueViolation = (e: unknown) => ['SQLITE_CONSTRAINT_UNIQUE', '23505'].includes(faultCode(e) ?? '');

/** Declarative helpdesk adapters, per tenant. Definitions arrive validated by shared/schemas/adapters.ts. */
export function createAdaptersRepository(db: Database) {
  const { helpdeskAdapters } = db.t;
  return {
    async list(tenantId: string): Promise<AdapterRecord[]> {
      const rows = await db.q
        .select()
        .from(helpdeskAdapters)
        .where(eq(helpdeskAdapters.tenantId, tenantId))
        .orderBy(asc(helpdeskAdapters.name));
      return rows.map(toRecord);
    },
    async create(tenantId: string, createdBy: string, definition: AdapterDefinition): Promise<AdapterRecord> {
      const now = Date.now();
      const row: Row = { id: randomUUID(), tenantId, name: definition.name, definition, createdBy, createdAt: now, updatedAt: now };
      const added = await db.tx((tx) =>
        tx.insert(helpdeskAdapters).values(row).onConflictDoNothing().returning({ id: helpdeskAdapters.id }),
      );
      if (!added.length) throw taken(definition.name);
      return toRecord(row);
    },
    /** Null when no adapter of that id exists in this tenant. */
    async update(tenantId: string, id: string, definition: AdapterDefinition): Promise<AdapterRecord | null> {
      const where = and(eq(helpdeskAdapters.id, id), eq(helpdeskAdapters.tenantId, tenantId));
      try {
        const [row] = await db.tx((tx) =>
          tx.update(helpdeskAdapters).set({ name: definition.name, definition, updatedAt: Date.now() }).where(where).returning(),
        );
        return row ? toRecord(row) : null;
      } catch (e) {
        if (isUniqueViolation(e)) throw taken(definition.name);
        throw e;
      }
    },
    async remove(tenantId: string, id: string): Promise<boolean> {
      const removed = await db.tx((tx) =>
        tx
          .delete(helpdeskAdapters)
          .where(and(eq(helpdeskAdapters.id, id), eq(helpdeskAdapters.tenantId, tenantId)))
          .returning({ id: helpdeskAdapters.id }),
      );
      return removed.length === 1;
    },
  };
}
export type AdaptersRepository = ReturnType<typeof createAdaptersRepository>;
