import { and, asc, count, eq, gte, inArray, lte, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { atOrAbove, levelName, routeException } from '../../../shared/policy/escalation';
import { evaluate } from '../../../shared/policy/evaluate';
import type { Tier } from '../../../shared/schemas/context';
import type { DutyState, ExceptionDecideBody, ExceptionRequestBody, ExceptionView } from '../../../shared/schemas/exceptions';
import type { PolicyDocument } from '../../../shared/schemas/policy';
import type { Db } from '../db/open';
import { customers, exceptionEvents, exceptions, grants, users } from '../db/schema.sqlite';
import { UserError, notFound } from '../errors';
import type { GrantsRepository } from './grants';
import type { PoliciesRepository } from './policies';

type Row = typeof exceptions.$inferSelect;
const DAY = 86_400_000;
const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export interface Supervisor {
  tenantId: string;
  userId: string;
  level: string | null;
  team: string;
}

export function createExceptionsRepository(db: Db, policies: PoliciesRepository, grantsRepo: GrantsRepository) {
  const get = (tenantId: string, id: string) => db.select().from(exceptions).where(and(eq(exceptions.tenantId, tenantId), eq(exceptions.id, id))).get() ?? null;
  const event = (exceptionId: string, kind: string, message: string, level: string | null = null, userId: string | null = null, at = Date.now()) =>
    db.insert(exceptionEvents).values({ exceptionId, at, kind, level, userId, message }).run();
  const policyOf = (tenantId: string, version: number) => policies.getSync(tenantId, version)!;

  function supervisor(tenantId: string, userId: string): Supervisor | null {
    const u = db.select({ level: users.approvalLevel, team: users.team }).from(users).where(and(eq(users.id, userId), eq(users.tenantId, tenantId))).get();
    return u ? { tenantId, userId, level: u.level, team: u.team } : null;
  }

  function view(row: Row): ExceptionView {
    const policy = policyOf(row.tenantId, row.policyVersion);
    const c = db.select().from(customers).where(eq(customers.id, row.customerId)).get()!;
    const names = new Map(
      db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [row.agentId, row.decidedBy ?? row.agentId])).all().map((u) => [u.id, u.name]),
    );
    const since = Date.now() - 30 * DAY;
    const recent = db
      .select({ status: exceptions.status, n: count() })
      .from(exceptions)
      .where(and(eq(exceptions.tenantId, row.tenantId), eq(exceptions.agentId, row.agentId), gte(exceptions.createdAt, since)))
      .groupBy(exceptions.status)
      .all();
    const history = db.select().from(exceptionEvents).where(eq(exceptionEvents.exceptionId, row.id)).orderBy(asc(exceptionEvents.at), asc(exceptionEvents.id)).all();
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
      counter: row.counterAction && row.counterAmountCents != null ? { action: row.counterAction, amountCents: row.counterAmountCents } : null,
      grantId: row.grantId,
      history: history.map((h) => ({ at: iso(h.at)!, kind: h.kind, level: h.level, message: h.message })),
      agentRecent: {
        requested: recent.reduce((n, r) => n + r.n, 0),
        approved: recent.filter((r) => r.status === 'approved' || r.status === 'countered').reduce((n, r) => n + r.n, 0),
      },
    };
  }

  return {
    supervisor,
    policyOf,
    async view(tenantId: string, id: string) {
      const row = get(tenantId, id);
      return row && view(row);
    },

    /**
     * Opens a request, only for what the policy says needs approval (what is allowed is a grant;
     * what is forbidden cannot be lifted). Returns the stored row; a retry returns the first one.
     */
    async raise(actor: { tenantId: string; userId: string }, body: ExceptionRequestBody): Promise<{ row: Row; policy: PolicyDocument; created: boolean }> {
      return db.transaction(
        (tx) => {
          const existing = tx.select().from(exceptions).where(and(eq(exceptions.tenantId, actor.tenantId), eq(exceptions.idempotencyKey, body.idempotencyKey))).get();
          if (existing) return { row: existing, policy: policyOf(actor.tenantId, existing.policyVersion), created: false };
          const now = Date.now();
          const current = policies.currentSync(actor.tenantId, now);
          if (!current) throw new UserError(409, 'Your tenant has no empowerment policy in force yet');
          const s = grantsRepo.situationSync(current.document, actor, body.customerId, now);
          if (!s) throw notFound('No such customer in your tenant');
          const decision = evaluate(current.document, body, s);
          if (decision.outcome === 'allowed') throw new UserError(409, 'This is within your leeway: record it as a grant, no approval needed');
          if (decision.outcome === 'forbidden') throw new UserError(403, `No exception can lift this: ${decision.reason}`);
          const route = routeException(current.document, { action: body.action, amountCents: body.amountCents, tier: s.customer.tier }, decision.level);
          const row: Row = {
            id: randomUUID(),
            tenantId: actor.tenantId,
            idempotencyKey: body.idempotencyKey,
            customerId: body.customerId,
            agentId: actor.userId,
            team: s.agent.team,
            action: body.action,
            amountCents: body.amountCents,
            reasonCode: body.reasonCode ?? null,
            note: body.note,
            policyReason: decision.reason,
            policyVersion: current.version,
            interactionId: body.interactionId ?? null,
            level: route.level,
            slaSeconds: route.slaSeconds,
            dueAt: now + route.slaSeconds * 1000,
            status: 'pending',
            decidedBy: null,
            decisionNote: null,
            counterAction: null,
            counterAmountCents: null,
            grantId: null,
            createdAt: now,
            decidedAt: null,
          };
          tx.insert(exceptions).values(row).run();
          event(row.id, 'raised', `Requested by the agent: ${decision.reason}`, route.level, actor.userId, now);
          return { row, policy: current.document, created: true };
        },
        { behavior: 'immediate' },
      );
    },

    /** Moves a pending request from `from` to `to`, once: false when someone decided or moved it first. */
    async move(tenantId: string, id: string, from: string, to: string, slaSeconds: number, kind: 'escalated' | 'rerouted', message: string): Promise<Row | null> {
      return db.transaction(
        (tx) => {
          const now = Date.now();
          const res = tx
            .update(exceptions)
            .set({ level: to, slaSeconds, dueAt: now + slaSeconds * 1000 })
            .where(and(eq(exceptions.tenantId, tenantId), eq(exceptions.id, id), eq(exceptions.status, 'pending'), eq(exceptions.level, from)))
            .run();
          if (res.changes !== 1) return null;
          event(id, kind, message, to, null, now);
          return get(tenantId, id);
        },
        { behavior: 'immediate' },
      );
    },

    /** Pushes a request at the top back by its SLA, noting that it is overdue. */
    async markOverdue(tenantId: string, id: string, level: string, slaSeconds: number): Promise<boolean> {
      const now = Date.now();
      const res = db
        .update(exceptions)
        .set({ dueAt: now + slaSeconds * 1000 })
        .where(and(eq(exceptions.tenantId, tenantId), eq(exceptions.id, id), eq(exceptions.status, 'pending'), eq(exceptions.level, level), lte(exceptions.dueAt, now)))
        .run();
      if (res.changes === 1) event(id, 'overdue', `Still unanswered at the top level after its SLA`, level, null, now);
      return res.changes === 1;
    },

    /**
     * The first decision wins: the status changes only while pending, in the same transaction
     * as the grant an approval records (with the approver), so budgets stay right.
     */
    async decide(who: Supervisor, body: ExceptionDecideBody): Promise<Row> {
      return db.transaction(
        (tx) => {
          const row = get(who.tenantId, body.exceptionId);
          if (!row) throw notFound('No such exception request in your tenant');
          if (row.agentId === who.userId) throw new UserError(403, 'Nobody decides their own request');
          const resent = row.decidedBy === who.userId && row.status === { approve: 'approved', deny: 'denied', counter: 'countered' }[body.decision];
          if (resent) return row; // the same decision sent again after a lost reply or a restart: already saved, not a conflict
          if (row.status !== 'pending') throw new UserError(409, `Already ${row.status}${row.decidedBy ? ` by ${db.select({ n: users.name }).from(users).where(eq(users.id, row.decidedBy)).get()?.n}` : ''}`);
          const policy = policyOf(who.tenantId, row.policyVersion);
          if (!who.level || !atOrAbove(policy, who.level, row.level)) throw new UserError(403, `This request waits for a ${levelName(policy, row.level).toLowerCase()}; your approval level is ${who.level ?? 'none'}`);
          if (who.team !== '*' && who.team !== row.team) throw new UserError(403, `This request belongs to team ${row.team}`);

          const now = Date.now();
          let grantId: string | null = null;
          const granted = body.decision === 'approve' ? { action: row.action, amountCents: row.amountCents } : body.decision === 'counter' ? body.counter! : null;
          if (granted) {
            const current = policies.currentSync(who.tenantId, now)!;
            if (!policy.actions.some((a) => a.id === granted.action)) throw new UserError(400, `counter.action: “${granted.action}” is not an action of the policy`);
            const s = grantsRepo.situationSync(current.document, { tenantId: who.tenantId, userId: row.agentId }, row.customerId, now)!;
            // A hard stop that appeared since the request still wins over any approval.
            const check = evaluate(current.document, { action: granted.action, amountCents: granted.amountCents, reasonCode: row.reasonCode }, s);
            if (check.outcome === 'forbidden' && check.ruleId && current.document.hardStops.some((h) => h.id === check.ruleId)) throw new UserError(409, `Cannot approve: ${check.reason}`);
            grantId = randomUUID();
            tx.insert(grants)
              .values({
                id: grantId,
                tenantId: who.tenantId,
                idempotencyKey: `exception:${row.id}`,
                customerId: row.customerId,
                userId: row.agentId,
                team: row.team,
                agentLevel: s.agent.level,
                customerTier: s.customer.tier as Tier,
                customerFlags: s.customer.flags,
                action: granted.action,
                amountCents: granted.amountCents,
                reasonCode: row.reasonCode,
                policyVersion: current.version,
                interactionId: row.interactionId,
                exceptionId: row.id,
                approvedBy: who.userId,
                createdAt: now,
              })
              .run();
          }
          const status = body.decision === 'approve' ? 'approved' : body.decision === 'deny' ? 'denied' : 'countered';
          const res = tx
            .update(exceptions)
            .set({ status, decidedBy: who.userId, decisionNote: body.note, decidedAt: now, grantId, counterAction: body.counter?.action ?? null, counterAmountCents: body.counter?.amountCents ?? null })
            .where(and(eq(exceptions.id, row.id), eq(exceptions.status, 'pending')))
            .run();
          if (res.changes !== 1) throw new UserError(409, 'Someone decided it a moment before you');
          event(row.id, status, body.note, row.level, who.userId, now);
          return get(who.tenantId, row.id)!;
        },
        { behavior: 'immediate' },
      );
    },

    /** The agent takes back a request nobody decided yet. */
    async withdraw(actor: { tenantId: string; userId: string }, id: string): Promise<Row> {
      return db.transaction(
        (tx) => {
          const row = get(actor.tenantId, id);
          if (!row || row.agentId !== actor.userId) throw notFound('No such request of yours');
          const res = tx.update(exceptions).set({ status: 'withdrawn', decidedAt: Date.now() }).where(and(eq(exceptions.id, id), eq(exceptions.status, 'pending'))).run();
          if (res.changes !== 1) throw new UserError(409, `Too late to withdraw: already ${row.status}`);
          event(id, 'withdrawn', 'Withdrawn by the agent', row.level, actor.userId);
          return get(actor.tenantId, id)!;
        },
        { behavior: 'immediate' },
      );
    },

    /** Pending requests a supervisor may decide: their level, their team or the pool. */
    async pendingFor(who: Supervisor): Promise<ExceptionView[]> {
      if (!who.level) return [];
      const rows = db
        .select()
        .from(exceptions)
        .where(and(eq(exceptions.tenantId, who.tenantId), eq(exceptions.status, 'pending'), eq(exceptions.level, who.level), who.team === '*' ? undefined : eq(exceptions.team, who.team)))
        .orderBy(asc(exceptions.createdAt))
        .all();
      return rows.map(view);
    },

    /** How many requests wait for a decision, every tenant summed (the metrics gauge; index exceptions_due). */
    async countPending(): Promise<number> {
      return db.select({ n: count() }).from(exceptions).where(eq(exceptions.status, 'pending')).get()!.n;
    },

    /** Pending requests whose SLA has run out, every tenant. */
    async due(now = Date.now()): Promise<Row[]> {
      return db.select().from(exceptions).where(and(eq(exceptions.status, 'pending'), lte(exceptions.dueAt, now))).all();
    },

    async setDuty(tenantId: string, userId: string, onDuty: boolean): Promise<DutyState> {
      db.update(users).set({ onDuty }).where(and(eq(users.id, userId), eq(users.tenantId, tenantId))).run();
      const u = db.select({ onDuty: users.onDuty, level: users.approvalLevel, team: users.team }).from(users).where(eq(users.id, userId)).get()!;
      return { onDuty: u.onDuty, level: u.level, team: u.team };
    },
    async duty(tenantId: string, userId: string): Promise<DutyState | null> {
      const u = db.select({ onDuty: users.onDuty, level: users.approvalLevel, team: users.team }).from(users).where(and(eq(users.id, userId), eq(users.tenantId, tenantId))).get();
      return u ? { onDuty: u.onDuty, level: u.level, team: u.team } : null;
    },

    /** Today's board for a level: decisions and their latency. */
    async decidedToday(tenantId: string, since: number) {
      return db
        .select({ status: exceptions.status, createdAt: exceptions.createdAt, decidedAt: exceptions.decidedAt })
        .from(exceptions)
        .where(and(eq(exceptions.tenantId, tenantId), gte(exceptions.decidedAt, since), or(eq(exceptions.status, 'approved'), eq(exceptions.status, 'denied'), eq(exceptions.status, 'countered'))))
        .all();
    },
  };
}
export type ExceptionsRepository = ReturnType<typeof createExceptionsRepository>;
