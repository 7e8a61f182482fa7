import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { judgeDecision } from '@shared/policy/decide';
import type { Tier } from '@shared/schemas/context';
import type { ExceptionDecideBody } from '@shared/schemas/exceptions';
import { tenantLock, type Database } from '../../db/database';
import { UserError, notFound } from '../../errors';
import { serverKey } from '../../idempotency';
import type { GrantsRepository } from '../grants';
import type { PoliciesRepository } from '../policies';
import type { ExceptionBase, Row, Supervisor } from './base';

/** A supervisor's decisions: approve, deny or counter (the first wins), or send a request up. */
export function createExceptionDecisions(db: Database, base: ExceptionBase, policies: PoliciesRepository, grantsRepo: GrantsRepository) {
  const { exceptions, grants, users } = db.t;
  const { get, event, mayDecide } = base;
  return {
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
                decisionNote: body.note || null,
                decidedAt: now,
                grantId: grant?.id ?? null,
                counterAction: body.counter?.action ?? null,
                counterAmountCents: body.counter?.amountCents ?? null,
              })
              .where(and(eq(exceptions.id, row.id), eq(exceptions.status, 'pending'), eq(exceptions.level, row.level)))
              .returning();
            if (!decided) continue; // withdrawn or moved up since the read: judge it again as it is now
            if (grant) await tx.insert(grants).values(grant);
            // An approval may come without a note: the history still says what happened.
            await event(row.id, status, body.note || 'Approved', row.level, who.userId, now);
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
  };
}
