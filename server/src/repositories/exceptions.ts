import { and, asc, count, eq, gte, inArray, lte, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { atOrAbove, levelName, routeException } from '../../../shared/policy/escalation';
import { judgeDecision } from '../../../shared/policy/decide';
import { evaluate } from '../../../shared/policy/evaluate';
import type { Tier } from '../../../shared/schemas/context';
import type { DutyState, ExceptionDecideBody, ExceptionRequestBody, ExceptionView } from '../../../shared/schemas/exceptions';
import type { PolicyDocument } from '../../../shared/schemas/policy';
import { tenantLock, type Database } from '../db/database';
import type { exceptions } from '../db/schema.sqlite';
import { UserError, notFound } from '../errors';
import { actorKey, assertSameRequest, requestHash, serverKey } from '../idempotency';
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

export function createExceptionsRepository(db: Database, policies: PoliciesRepository, grantsRepo: GrantsRepository) {
  const { customers, exceptionEvents, exceptions, grants, users } = db.t;
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

  async function view(row: Row): Promise<ExceptionView> {
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
    const since = Date.now() - 30 * DAY;
    const recent = await db.q
      .select({ status: exceptions.status, n: count() })
      .from(exceptions)
      .where(and(eq(exceptions.tenantId, row.tenantId), eq(exceptions.agentId, row.agentId), gte(exceptions.createdAt, since)))
      .groupBy(exceptions.status);
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
      const row = await get(tenantId, id);
      return row && view(row);
    },

    /**
     * Opens a request, only for what the policy says needs approval (what is allowed is a grant;
     * what is forbidden cannot be lifted). Returns the stored row; a retry returns the first one.
     * Under the tenant's lock, so a retry racing its first send finds it rather than a duplicate key.
     */
    async raise(
      actor: { tenantId: string; userId: string },
      body: ExceptionRequestBody,
    ): Promise<{ row: Row; policy: PolicyDocument; created: boolean }> {
      return db.tx(
        async (tx) => {
          const key = actorKey(actor.userId, body.idempotencyKey);
          const hash = requestHash(body);
          const [existing] = await tx
            .select()
            .from(exceptions)
            .where(and(eq(exceptions.tenantId, actor.tenantId), eq(exceptions.idempotencyKey, key)));
          if (existing) assertSameRequest(existing.requestHash, hash);
          if (existing) return { row: existing, policy: await policyOf(actor.tenantId, existing.policyVersion), created: false };
          const now = Date.now();
          const current = await policies.current(actor.tenantId, now);
          if (!current) throw new UserError(409, 'Your tenant has no empowerment policy in force yet');
          const s = await grantsRepo.situation(current.document, actor, body.customerId, now);
          if (!s) throw notFound('No such customer in your tenant');
          const decision = evaluate(current.document, body, s);
          if (decision.outcome === 'allowed')
            throw new UserError(409, 'This is within your leeway: record it as a grant, no approval needed');
          if (decision.outcome === 'forbidden') throw new UserError(403, `No exception can lift this: ${decision.reason}`);
          const route = routeException(
            current.document,
            { action: body.action, amountCents: body.amountCents, tier: s.customer.tier },
            decision.level,
          );
          const row: Row = {
            id: randomUUID(),
            tenantId: actor.tenantId,
            idempotencyKey: key,
            requestHash: hash,
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
          await tx.insert(exceptions).values(row);
          await event(row.id, 'raised', `Requested by the agent: ${decision.reason}`, route.level, actor.userId, now);
          return { row, policy: current.document, created: true };
        },
        { lock: tenantLock(actor.tenantId) },
      );
    },

    /** Moves a pending request from `from` to `to`, once: false when someone decided or moved it first. */
    async move(
      tenantId: string,
      id: string,
      from: string,
      to: string,
      slaSeconds: number,
      kind: 'escalated' | 'rerouted' | 'sent_up',
      message: string,
      by: string | null = null,
    ): Promise<Row | null> {
      // The conditional update decides a race (no lock needed: nothing is spent).
      return db.tx(async (tx) => {
        const now = Date.now();
        const moved = await tx
          .update(exceptions)
          .set({ level: to, slaSeconds, dueAt: now + slaSeconds * 1000 })
          .where(
            and(eq(exceptions.tenantId, tenantId), eq(exceptions.id, id), eq(exceptions.status, 'pending'), eq(exceptions.level, from)),
          )
          .returning();
        if (moved.length !== 1) return null;
        await event(id, kind, message, to, by, now);
        return moved[0]!;
      });
    },

    /** Pushes a request at the top back by its SLA, noting that it is overdue. */
    async markOverdue(tenantId: string, id: string, level: string, slaSeconds: number): Promise<boolean> {
      return db.tx(async (tx) => {
        const now = Date.now();
        const pushed = await tx
          .update(exceptions)
          .set({ dueAt: now + slaSeconds * 1000 })
          .where(
            and(
              eq(exceptions.tenantId, tenantId),
              eq(exceptions.id, id),
              eq(exceptions.status, 'pending'),
              eq(exceptions.level, level),
              lte(exceptions.dueAt, now),
            ),
          )
          .returning({ id: exceptions.id });
        if (pushed.length === 1) await event(id, 'overdue', `Still unanswered at the top level after its SLA`, level, null, now);
        return pushed.length === 1;
      });
    },

    /**
     * The first decision wins: the status changes only while pending and still at the level the
     * supervisor was checked against, in the same transaction as the grant an approval records
     * (with the approver), under the tenant's lock like every grant, so budgets stay right across
     * processes. A withdrawal or an SLA move (no lock: nothing spent) can land between our read
     * and our write; then the request is read and judged again as they left it.
     */
    async decide(who: Supervisor, body: ExceptionDecideBody): Promise<Row> {
      return db.tx(
        async (tx) => {
          for (;;) {
            const row = await get(who.tenantId, body.exceptionId);
            if (!row) throw notFound('No such exception request in your tenant');
            if (row.agentId === who.userId) throw new UserError(403, 'Nobody decides their own request');
            const resent =
              row.decidedBy === who.userId &&
              row.status === { approve: 'approved', deny: 'denied', counter: 'countered', send_up: null }[body.decision];
            if (resent) return row; // the same decision sent again after a lost reply or a restart: already saved, not a conflict
            if (row.status !== 'pending') {
              const [by] = row.decidedBy ? await tx.select({ n: users.name }).from(users).where(eq(users.id, row.decidedBy)) : [];
              throw new UserError(409, `Already ${row.status}${row.decidedBy ? ` by ${by?.n}` : ''}`);
            }
            const level = await mayDecide(who, row);

            const now = Date.now();
            let grant: typeof grants.$inferInsert | null = null;
            const granted =
              body.decision === 'approve'
                ? { action: row.action, amountCents: row.amountCents, reasonCode: row.reasonCode }
                : body.decision === 'counter'
                  ? { ...body.counter!, reasonCode: body.counter!.reasonCode ?? row.reasonCode }
                  : null;
            if (granted) {
              const current = (await policies.current(who.tenantId, now))!;
              if (!current.document.actions.some((a) => a.id === granted.action))
                throw new UserError(400, `counter.action: “${granted.action}” is not an action of the policy`);
              const s = (await grantsRepo.situation(
                current.document,
                { tenantId: who.tenantId, userId: row.agentId },
                row.customerId,
                now,
              ))!;
              // Judged as a grant made by the decider, now: their level must reach every limit, cap, budget and band it needs.
              const check = judgeDecision(current.document, granted, s, level);
              if (check.outcome === 'forbidden')
                throw new UserError(409, `Cannot ${body.decision === 'approve' ? 'approve' : 'counter with this'}: ${check.reason}`);
              if (check.outcome === 'above') throw new UserError(403, check.reason);
              grant = {
                id: randomUUID(),
                tenantId: who.tenantId,
                idempotencyKey: serverKey('exception', row.id),
                requestHash: null,
                customerId: row.customerId,
                userId: row.agentId,
                team: row.team,
                agentLevel: s.agent.level,
                customerTier: s.customer.tier as Tier,
                customerFlags: s.customer.flags,
                action: granted.action,
                amountCents: granted.amountCents,
                reasonCode: granted.reasonCode ?? null,
                policyVersion: current.version,
                interactionId: row.interactionId,
                exceptionId: row.id,
                approvedBy: who.userId,
                createdAt: now,
              };
            }
            const status = body.decision === 'approve' ? 'approved' : body.decision === 'deny' ? 'denied' : 'countered';
            const [decided] = await tx
              .update(exceptions)
              .set({
                status,
                decidedBy: who.userId,
                decisionNote: body.note,
                decidedAt: now,
                grantId: grant?.id ?? null,
                counterAction: body.counter?.action ?? null,
                counterAmountCents: body.counter?.amountCents ?? null,
              })
              .where(and(eq(exceptions.id, row.id), eq(exceptions.status, 'pending'), eq(exceptions.level, row.level)))
              .returning();
            if (!decided) continue; // withdrawn or moved up since the read: judge it again as it is now
            if (grant) await tx.insert(grants).values(grant);
            await event(row.id, status, body.note, row.level, who.userId, now);
            return decided;
          }
        },
        { lock: tenantLock(who.tenantId) },
      );
    },

    /** A pending request this supervisor may decide, for sending it up (the move itself decides a race). */
    async toSendUp(who: Supervisor, id: string): Promise<Row> {
      const row = await get(who.tenantId, id);
      if (!row) throw notFound('No such exception request in your tenant');
      if (row.agentId === who.userId) throw new UserError(403, 'Nobody decides their own request');
      if (row.status !== 'pending') throw new UserError(409, `Already ${row.status}`);
      await mayDecide(who, row);
      return row;
    },

    /** The agent takes back a request nobody decided yet. */
    async withdraw(actor: { tenantId: string; userId: string }, id: string): Promise<Row> {
      // The conditional update decides a race with a decision (nothing is spent: no lock needed).
      return db.tx(async (tx) => {
        const row = await get(actor.tenantId, id);
        if (!row || row.agentId !== actor.userId) throw notFound('No such request of yours');
        const [withdrawn] = await tx
          .update(exceptions)
          .set({ status: 'withdrawn', decidedAt: Date.now() })
          .where(and(eq(exceptions.id, id), eq(exceptions.status, 'pending')))
          .returning();
        if (!withdrawn) throw new UserError(409, `Too late to withdraw: already ${(await get(actor.tenantId, id))?.status ?? row.status}`);
        await event(id, 'withdrawn', 'Withdrawn by the agent', row.level, actor.userId);
        return withdrawn;
      });
    },

    /** Pending requests a supervisor may decide: their level, their team or the pool. */
    async pendingFor(who: Supervisor): Promise<ExceptionView[]> {
      if (!who.level) return [];
      const rows = await db.q
        .select()
        .from(exceptions)
        .where(
          and(
            eq(exceptions.tenantId, who.tenantId),
            eq(exceptions.status, 'pending'),
            eq(exceptions.level, who.level),
            who.team === '*' ? undefined : eq(exceptions.team, who.team),
          ),
        )
        .orderBy(asc(exceptions.createdAt));
      const views: ExceptionView[] = [];
      for (const row of rows) views.push(await view(row));
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
  };
}
export type ExceptionsRepository = ReturnType<typeof createExceptionsRepository>;
