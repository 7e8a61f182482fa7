import { and, eq, lte } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { routeException } from '@shared/policy/escalation';
import { evaluate } from '@shared/policy/evaluate';
import type { ExceptionRequestBody } from '@shared/schemas/exceptions';
import type { PolicyDocument } from '@shared/schemas/policy';
import { tenantLock, type Database } from '../../db/database';
import { UserError, notFound } from '../../errors';
import { actorKey, assertSameRequest, requestHash } from '../../idempotency';
import type { GrantsRepository } from '../grants';
import type { PoliciesRepository } from '../policies';
import type { ExceptionBase, Row } from './base';

/** An agent's requests: raised, moved up or overdue by their SLA, withdrawn. */
export function createExceptionRequests(db: Database, base: ExceptionBase, policies: PoliciesRepository, grantsRepo: GrantsRepository) {
  const { exceptions } = db.t;
  const { get, event, policyOf } = base;
  return {
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
  };
}
