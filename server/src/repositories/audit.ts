import { and, desc, eq, gte, inArray, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database';

/** Where a page starts: just after (older than) this entry. */
export interface AuditPosition {
  at: number;
  id: number;
}
export interface AuditFilter {
  /** Exact, or a family when it ends in a dot ("auth."). Actions are [a-z0-9.-] only, so LIKE needs no escaping. */
  action?: string;
  actorId?: string;
  from?: number;
  to?: number;
  /** Entries older than this position only (pagination). */
  after?: AuditPosition;
  /** Entries with a smaller id only: an export leaves out what was written after it began. */
  beforeId?: number;
}

const EXPORT_PAGE = 500;

/** Who revealed, changed or erased what. Append-only from the application's side. */
export function createAuditRepository(db: Database) {
  const { auditLog, customers, users } = db.t;
  function where(tenantId: string, f: AuditFilter): SQL | undefined {
    const clauses: (SQL | undefined)[] = [eq(auditLog.tenantId, tenantId)];
    if (f.action) clauses.push(f.action.endsWith('.') ? like(auditLog.action, `${f.action}%`) : eq(auditLog.action, f.action));
    if (f.actorId) clauses.push(eq(auditLog.actorId, f.actorId));
    if (f.from !== undefined) clauses.push(gte(auditLog.at, f.from));
    if (f.to !== undefined) clauses.push(lt(auditLog.at, f.to));
    if (f.beforeId !== undefined) clauses.push(lt(auditLog.id, f.beforeId));
    // Newest first by (at, id): ties on the same millisecond are broken by id, so pages never skip or repeat.
    // Written as a range on `at` so SQLite seeks in the (tenant, at[, rowid]) index instead of scanning from the newest.
    if (f.after) clauses.push(lte(auditLog.at, f.after.at), or(lt(auditLog.at, f.after.at), lt(auditLog.id, f.after.id)));
    return and(...clauses);
  }

  /** Entries with their actor resolved from the same tenant's users (null fields when not a user). */
  async function select(tenantId: string, f: AuditFilter, limit: number) {
    const rows = await db.q
      .select({
        id: auditLog.id,
        at: auditLog.at,
        action: auditLog.action,
        target: auditLog.target,
        detail: auditLog.detail,
        actorId: auditLog.actorId,
        actorName: users.name,
        actorEmail: users.email,
        actorRole: users.role,
      })
      .from(auditLog)
      .leftJoin(users, and(eq(users.id, auditLog.actorId), eq(users.tenantId, auditLog.tenantId)))
      .where(where(tenantId, f))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit);
    const names = await targetNames(
      tenantId,
      rows.map((r) => r.target),
    );
    return rows.map((r) => ({
      ...r,
      targetName: names.get(r.target) ?? null,
      detail: (r.detail ?? null) as Record<string, unknown> | null,
    }));
  }

  /** The people a page's entries are about ("user:…", "customer:…"), by target, from the same tenant: the console writes rows in words. */
  async function targetNames(tenantId: string, targets: string[]): Promise<Map<string, string>> {
    const ids = (prefix: string) => [...new Set(targets.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length)))];
    const [userIds, customerIds] = [ids('user:'), ids('customer:')];
    const found = new Map<string, string>();
    if (userIds.length)
      for (const u of await db.q
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), inArray(users.id, userIds))))
        found.set(`user:${u.id}`, u.name);
    if (customerIds.length)
      for (const c of await db.q
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, customerIds))))
        found.set(`customer:${c.id}`, c.name);
    return found;
  }

  return {
    /**
     * Returns the entry's id. Only inside the `db.tx` of the action it records: an entry written
     * after its action, in a transaction of its own, is lost by a crash in between.
     */
    async record(
      tenantId: string,
      actorId: string,
      action: string,
      target: string,
      detail: Record<string, unknown> | null = null,
    ): Promise<number> {
      if (!db.inTx())
        throw new Error(`audit.record('${action}') ran outside a transaction: wrap the action and its entry in one app.db.tx`);
      const [row] = await db.tx((tx) =>
        tx.insert(auditLog).values({ tenantId, actorId, action, target, detail, at: Date.now() }).returning({ id: auditLog.id }),
      );
      return row!.id;
    },
    async list(tenantId: string, limit = 200) {
      return db.q.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
    },
    async forTarget(tenantId: string, target: string) {
      return db.q
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.target, target)))
        .orderBy(desc(auditLog.at), desc(auditLog.id));
    },

    /** One page, newest first; `next` is where the following page starts, null on the last. */
    async page(tenantId: string, filter: AuditFilter, limit: number) {
      const rows = await select(tenantId, filter, limit + 1);
      const entries = rows.slice(0, limit);
      const last = entries.at(-1);
      return { entries, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
    },

    /** Every matching entry, newest first, read a page at a time so an export never holds the whole log. */
    async *all(tenantId: string, filter: AuditFilter) {
      let after = filter.after;
      for (;;) {
        const rows = await select(tenantId, { ...filter, after }, EXPORT_PAGE);
        yield* rows;
        if (rows.length < EXPORT_PAGE) return;
        const last = rows.at(-1)!;
        after = { at: last.at, id: last.id };
      }
    },
  };
}
export type AuditRow = Awaited<ReturnType<ReturnType<typeof createAuditRepository>['page']>>['entries'][number];
