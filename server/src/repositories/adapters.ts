import { and, asc, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { AdapterDefinition, AdapterRecord } from '../../../shared/schemas/adapters';
import type { Db } from '../db/open';
import { helpdeskAdapters } from '../db/schema.sqlite';
import { UserError } from '../errors';

type Row = typeof helpdeskAdapters.$inferSelect;
const toRecord = (r: Row): AdapterRecord => ({
  id: r.id,
  definition: r.definition as AdapterDefinition,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** The unique (tenant, name) index turns a second adapter of the same name into a 409 the admin can act on. */
function named<T>(name: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (/UNIQUE constraint failed/i.test((e as Error).message)) throw new UserError(409, `name: an adapter named "${name}" already exists`);
    throw e;
  }
}

/** Declarative helpdesk adapters, per tenant. Definitions arrive validated by shared/schemas/adapters.ts. */
export function createAdaptersRepository(db: Db) {
  return {
    async list(tenantId: string): Promise<AdapterRecord[]> {
      return db.select().from(helpdeskAdapters).where(eq(helpdeskAdapters.tenantId, tenantId)).orderBy(asc(helpdeskAdapters.name)).all().map(toRecord);
    },
    async create(tenantId: string, createdBy: string, definition: AdapterDefinition): Promise<AdapterRecord> {
      const now = Date.now();
      const row: Row = { id: randomUUID(), tenantId, name: definition.name, definition, createdBy, createdAt: now, updatedAt: now };
      named(definition.name, () => db.insert(helpdeskAdapters).values(row).run());
      return toRecord(row);
    },
    /** Null when no adapter of that id exists in this tenant. */
    async update(tenantId: string, id: string, definition: AdapterDefinition): Promise<AdapterRecord | null> {
      const where = and(eq(helpdeskAdapters.id, id), eq(helpdeskAdapters.tenantId, tenantId));
      const res = named(definition.name, () => db.update(helpdeskAdapters).set({ name: definition.name, definition, updatedAt: Date.now() }).where(where).run());
      if (res.changes !== 1) return null;
      return toRecord(db.select().from(helpdeskAdapters).where(where).get()!);
    },
    async remove(tenantId: string, id: string): Promise<boolean> {
      return db.delete(helpdeskAdapters).where(and(eq(helpdeskAdapters.id, id), eq(helpdeskAdapters.tenantId, tenantId))).run().changes === 1;
    },
  };
}
export type AdaptersRepository = ReturnType<typeof createAdaptersRepository>;
