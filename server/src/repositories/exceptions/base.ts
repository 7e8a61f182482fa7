import { and, asc, eq, inArray } from 'drizzle-orm';
import { levelName, atOrAbove } from '@shared/policy/escalation';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { PolicyDocument } from '@shared/schemas/policy';
import type { Database } from '../../db/database';
import type { exceptions } from '../../db/schema.sqlite';
import { UserError } from '../../errors';
import type { PoliciesRepository } from '../policies';
import { createExceptionContext } from './context';

export type Row = typeof exceptions.$inferSelect;
const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export interface Supervisor {
  tenantId: string;
  userId: string;
  level: string | null;
  team: string;
}

/** What every part of the exceptions repository reads: a request, its policy, a decider, a request's view; and its history steps. */
export function createExceptionBase(db: Database, policies: PoliciesRepository) {
  const { customers, exceptionEvents, exceptions, users } = db.t;
  const context = createExceptionContext(db);
  /** Inside a transaction, read in it. */
  const get = async (tenantId: string, id: string): Promise<Row | null> =>
    (
      await db.q
        .select()
        .from(exceptions)
        .where(and(eq(exceptions.tenantId, tenantId), eq(exceptions.id, id)))
    )[0] ?? null;
  /** A step of a request's history: call inside the transaction of the change it records. */
  const event = async (
    exceptionId: string,
    kind: string,
    message: string,
    level: string | null = null,
    userId: string | null = null,
    at = Date.now(),
  ) => {
    await db.q.insert(exceptionEvents).values({ exceptionId, at, kind, level, userId, message });
  };
  /** The policy a request was raised under (versions are never deleted). */
  const policyOf = async (tenantId: string, version: number): Promise<PolicyDocument> => (await policies.document(tenantId, version))!;

  async function supervisor(tenantId: string, userId: string): Promise<Supervisor | null> {
    const [u] = await db.q
      .select({ level: users.approvalLevel, team: users.team })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.tenantId, tenantId)));
    return u ? { tenantId, userId, level: u.level, team: u.team } : null;
  }

  /** The decider's level, when they may decide this request at all: at or above its level, in its team (or the pool). */
  async function mayDecide(who: Supervisor, row: Row): Promise<string> {
    const policy = await policyOf(who.tenantId, row.policyVersion);
    if (!who.level || !atOrAbove(policy, who.level, row.level))
      throw new UserError(
        403,
        `This request waits for a ${levelName(policy, row.level).toLowerCase()}; your approval level is ${who.level ?? 'none'}`,
      );
    if (who.team !== '*' && who.team !== row.team) throw new UserError(403, `This request belongs to team ${row.team}`);
    return who.level;
  }

  async function viewOf(row: Row): Promise<ExceptionView> {
    const policy = await policyOf(row.tenantId, row.policyVersion);
    const c = (await db.q.select().from(customers).where(eq(customers.id, row.customerId)))[0]!;
    const names = new Map(
      (
        await db.q
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, [row.agentId, row.decidedBy ?? row.agentId]))
      ).map((u) => [u.id, u.name]),
    );
    const now = Date.now();
    const ticket = await context.ticketOf(row);
    const history = await db.q
      .select()
      .from(exceptionEvents)
      .where(eq(exceptionEvents.exceptionId, row.id))
      .orderBy(asc(exceptionEvents.at), asc(exceptionEvents.id));
    return {
      id: row.id,
      status: row.status,
      customer: { id: c.id, name: c.name, tier: c.tier, lifetimeValueCents: c.lifetimeValueCents },
      agent: { id: row.agentId, name: names.get(row.agentId) ?? 'unknown' },
      team: row.team,
      action: row.action,
      actionLabel: policy.actions.find((a) => a.id === row.action)?.label ?? row.action,
      amountCents: row.amountCents,
      currency: policy.currency,
      reasonCode: row.reasonCode,
      note: row.note,
      policyReason: row.policyReason,
      level: row.level,
      levelName: levelName(policy, row.level),
      createdAt: iso(row.createdAt)!,
      dueAt: iso(row.dueAt)!,
      decidedAt: iso(row.decidedAt),
      decidedBy: row.decidedBy ? { id: row.decidedBy, name: names.get(row.decidedBy) ?? 'unknown' } : null,
      decisionNote: row.decisionNote,
      counter:
        row.counterAction && row.counterAmountCents != null ? { action: row.counterAction, amountCents: row.counterAmountCents } : null,
      grantId: row.grantId,
      history: history.map((h) => ({ at: iso(h.at)!, kind: h.kind, level: h.level, message: h.message })),
      ticket,
      customerReceived: await context.customerReceived(row, policy, ticket, now),
      agentRecent: await context.agentRecent(row, now),
    };
  }

  return { get, event, policyOf, supervisor, mayDecide, viewOf };
}
export type ExceptionBase = ReturnType<typeof createExceptionBase>;
