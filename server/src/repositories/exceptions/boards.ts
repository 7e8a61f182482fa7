import { and, asc, count, desc, eq, gte, lte, ne, or } from 'drizzle-orm';
import type { DutyState, ExceptionView } from '@shared/schemas/exceptions';
import type { Database } from '../../db/database';
import type { ExceptionBase, Row, Supervisor } from './base';

/** What supervisors and the sweeper read: a request's view, pending and due requests, duty, today's decisions. */
export function createExceptionBoards(db: Database, base: ExceptionBase) {
  const { exceptions, users } = db.t;
  const { get, viewOf } = base;
  /** A supervisor sees their team's requests; one of the pool ('*') sees every team's. */
  const teamScope = (who: Supervisor) => (who.team === '*' ? undefined : eq(exceptions.team, who.team));
  return {
    async view(tenantId: string, id: string) {
      const row = await get(tenantId, id);
      return row && viewOf(row);
    },

    /** Pending requests a supervisor may decide: their level, their team or the pool. */
    async pendingFor(who: Supervisor): Promise<ExceptionView[]> {
      if (!who.level) return [];
      const rows = await db.q
        .select()
        .from(exceptions)
        .where(
          and(eq(exceptions.tenantId, who.tenantId), eq(exceptions.status, 'pending'), eq(exceptions.level, who.level), teamScope(who)),
        )
        .orderBy(asc(exceptions.createdAt));
      const views: ExceptionView[] = [];
      for (const row of rows) views.push(await viewOf(row));
      return views;
    },

    /** How many requests wait for a decision, every tenant summed (the metrics gauge; index exceptions_due). */
    async countPending(): Promise<number> {
      const [row] = await db.q.select({ n: count() }).from(exceptions).where(eq(exceptions.status, 'pending'));
      return row!.n;
    },

    /** Pending requests whose SLA has run out, every tenant. */
    async due(now = Date.now()): Promise<Row[]> {
      return db.q
        .select()
        .from(exceptions)
        .where(and(eq(exceptions.status, 'pending'), lte(exceptions.dueAt, now)));
    },

    async setDuty(tenantId: string, userId: string, onDuty: boolean): Promise<DutyState> {
      return db.tx(async (tx) => {
        const [u] = await tx
          .update(users)
          .set({ onDuty })
          .where(and(eq(users.id, userId), eq(users.tenantId, tenantId)))
          .returning({ onDuty: users.onDuty, level: users.approvalLevel, team: users.team });
        return { onDuty: u!.onDuty, level: u!.level, team: u!.team };
      });
    },
    async duty(tenantId: string, userId: string): Promise<DutyState | null> {
      const [u] = await db.q
        .select({ onDuty: users.onDuty, level: users.approvalLevel, team: users.team })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.tenantId, tenantId)));
      return u ? { onDuty: u.onDuty, level: u.level, team: u.team } : null;
    },

    /** Today's board for a level: decisions and their latency. */
    async decidedToday(tenantId: string, since: number) {
      return db.q
        .select({ status: exceptions.status, createdAt: exceptions.createdAt, decidedAt: exceptions.decidedAt })
        .from(exceptions)
        .where(
          and(
            eq(exceptions.tenantId, tenantId),
            gte(exceptions.decidedAt, since),
            or(eq(exceptions.status, 'approved'), eq(exceptions.status, 'denied'), eq(exceptions.status, 'countered')),
          ),
        );
    },

    /** The latest requests of the supervisor's team (every team for the pool) decided or withdrawn since `since`, newest first. */
    async recentlyDecided(who: Supervisor, since: number, limit = 5): Promise<ExceptionView[]> {
      const rows = await db.q
        .select()
        .from(exceptions)
        .where(
          and(eq(exceptions.tenantId, who.tenantId), ne(exceptions.status, 'pending'), gte(exceptions.decidedAt, since), teamScope(who)),
        )
        .orderBy(desc(exceptions.decidedAt), desc(exceptions.id))
        .limit(limit);
      const views: ExceptionView[] = [];
      for (const row of rows) views.push(await viewOf(row));
      return views;
    },
  };
}
