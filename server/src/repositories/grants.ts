import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { budgetsLeft, evaluate } from '@shared/policy/evaluate';
import type { Situation, Usage } from '@shared/policy/types';
import type { HistoricGrant } from '@shared/policy/what-if';
import type { Tier } from '@shared/schemas/context';
import type { GrantBody, GrantOutcome, GrantRecord, LeewayState } from '@shared/schemas/grants';
import type { PolicyDocument } from '@shared/schemas/policy';
import { tenantLock, type Database } from '../db/database';
import type { grants } from '../db/schema.sqlite';
import { actorKey, assertSameRequest, requestHash } from '../idempotency';
import type { PoliciesRepository } from './policies';

const DAY = 86_400_000;
/** Daily budgets run from midnight UTC. (Per-tenant time zones: a later change.) */
const startOfDay = (at: number) => at - (at % DAY);

const toRecord = (r: typeof grants.$inferSelect): GrantRecord => ({
  id: r.id,
  customerId: r.customerId,
  action: r.action,
  amountCents: r.amountCents,
  reasonCode: r.reasonCode,
  policyVersion: r.policyVersion,
  createdAt: new Date(r.createdAt).toISOString(),
});

/** Usage after one more grant: derived in memory, the same sums a re-read would give. */
function withGrant(policy: PolicyDocument, usage: Usage, action: string, amountCents: number): Usage {
  const caps = { ...usage.caps };
  for (const cap of policy.customerCaps) {
    if (cap.action !== action) continue;
    const used = caps[cap.id] ?? { amountCents: 0, count: 0 };
    caps[cap.id] = { amountCents: used.amountCents + amountCents, count: used.count + 1 };
  }
  return { caps, agentTodayCents: usage.agentTodayCents + amountCents, teamTodayCents: usage.teamTodayCents + amountCents };
}

export interface Actor {
  tenantId: string;
  userId: string;
}

export function createGrantsRepository(db: Database, policies: PoliciesRepository) {
  const { customers, grants, users } = db.t;
  const sum = async (where: ReturnType<typeof and>) =>
    (
      await db.q
        .select({ amount: sql<number>`coalesce(sum(${grants.amountCents}), 0)`, count: sql<number>`count(*)` })
        .from(grants)
        .where(where)
    )[0]!;

  /** Everything the evaluator needs about who grants what to whom, read now (inside the caller's transaction, if any). */
  async function situation(policy: PolicyDocument, actor: Actor, customerId: string, now: number): Promise<Situation | null> {
    const [agent] = await db.q
      .select({ level: users.agentLevel, team: users.team })
      .from(users)
      .where(and(eq(users.id, actor.userId), eq(users.tenantId, actor.tenantId)));
    const [customer] = await db.q
      .select({ tier: customers.tier, flags: customers.flags })
      .from(customers)
      .where(and(eq(customers.id, customerId), eq(customers.tenantId, actor.tenantId)));
    if (!agent || !customer) return null;
    const caps: Usage['caps'] = {};
    for (const cap of policy.customerCaps) {
      const s = await sum(
        and(
          eq(grants.tenantId, actor.tenantId),
          eq(grants.customerId, customerId),
          eq(grants.action, cap.action),
          gte(grants.createdAt, now - cap.windowDays * DAY),
        ),
      );
      caps[cap.id] = { amountCents: s.amount, count: s.count };
    }
    const dayStart = startOfDay(now);
    return {
      agent,
      customer: { tier: customer.tier as Tier, flags: customer.flags },
      usage: {
        caps,
        agentTodayCents: (
          await sum(and(eq(grants.tenantId, actor.tenantId), eq(grants.userId, actor.userId), gte(grants.createdAt, dayStart)))
        ).amount,
        teamTodayCents: (await sum(and(eq(grants.tenantId, actor.tenantId), eq(grants.team, agent.team), gte(grants.createdAt, dayStart))))
          .amount,
      },
    };
  }

  return {
    /** For callers that evaluate inside their own transaction (it reads in it). */
    situation,

    /** The policy in force and this agent's situation with this customer, for the panel. */
    async leewayState(actor: Actor, customerId: string): Promise<LeewayState | null> {
      const now = Date.now();
      const policy = await policies.current(actor.tenantId, now);
      const s = policy && (await situation(policy.document, actor, customerId, now));
      return policy && s ? { policyVersion: policy.version, policy: policy.document, situation: s } : null;
    },

    /**
     * Evaluates and records in one transaction under the tenant's lock: the usage read and the
     * insert are serialised against every other grant of the tenant, in any process, so
     * concurrent grants cannot overspend a budget. Returns null when the customer is not in the actor's tenant.
     */
    async record(actor: Actor, body: GrantBody, dryRun = false): Promise<GrantOutcome | null | 'no-policy'> {
      return db.tx(
        async (tx) => {
          const key = actorKey(actor.userId, body.idempotencyKey);
          const hash = requestHash(body);
          const [existing] = dryRun
            ? []
            : await tx
                .select()
                .from(grants)
                .where(and(eq(grants.tenantId, actor.tenantId), eq(grants.idempotencyKey, key)));
          if (existing) assertSameRequest(existing.requestHash, hash);
          const now = Date.now();
          const policy = await policies.current(actor.tenantId, now);
          if (!policy) return 'no-policy' as const;
          const s = await situation(policy.document, actor, body.customerId, now);
          if (!s) return null;
          if (existing && !dryRun) {
            const decision = {
              outcome: 'allowed' as const,
              reason: 'Already recorded: this grant was sent before.',
              budgets: budgetsLeft(policy.document, existing.action, s),
            };
            return { status: 'duplicate' as const, grant: toRecord(existing), decision, usage: s.usage };
          }
          const decision = evaluate(policy.document, body, s);
          if (decision.outcome !== 'allowed' || dryRun) return { status: 'refused' as const, decision, usage: s.usage };
          const [row] = await tx
            .insert(grants)
            .values({
              id: randomUUID(),
              tenantId: actor.tenantId,
              idempotencyKey: key,
              requestHash: hash,
              customerId: body.customerId,
              userId: actor.userId,
              team: s.agent.team,
              agentLevel: s.agent.level,
              customerTier: s.customer.tier,
              customerFlags: s.customer.flags,
              action: body.action,
              amountCents: body.amountCents,
              reasonCode: body.reasonCode ?? null,
              policyVersion: policy.version,
              interactionId: body.interactionId ?? null,
              createdAt: now,
            })
            .returning();
          return {
            status: 'recorded' as const,
            grant: toRecord(row!),
            decision,
            usage: withGrant(policy.document, s.usage, body.action, body.amountCents),
          };
        },
        { lock: tenantLock(actor.tenantId) },
      );
    },

    /** The agent's grants to a customer since `since`, oldest first, each with its approver's name: a resolution draft's actions. */
    async madeSince(tenantId: string, userId: string, customerId: string, since: number) {
      return db.q
        .select({ g: grants, approver: users.name })
        .from(grants)
        .leftJoin(users, eq(users.id, grants.approvedBy))
        .where(
          and(eq(grants.tenantId, tenantId), eq(grants.userId, userId), eq(grants.customerId, customerId), gte(grants.createdAt, since)),
        )
        .orderBy(asc(grants.createdAt));
    },

    /** The tenant's grants among `ids` (a resolution's cited grants), in no order. */
    async byIds(tenantId: string, ids: string[]) {
      if (!ids.length) return [];
      return db.q
        .select()
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), inArray(grants.id, ids)));
    },

    /** Logged grants of a period, with the situation each was made in, for what-if replays. */
    async history(tenantId: string, from: number, to: number): Promise<HistoricGrant[]> {
      const rows = await db.q
        .select()
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), gte(grants.createdAt, from), lt(grants.createdAt, to)))
        .orderBy(asc(grants.createdAt));
      return rows.map((g) => ({
        id: g.id,
        at: g.createdAt,
        customerId: g.customerId,
        agentId: g.userId,
        team: g.team,
        agentLevel: g.agentLevel,
        customerTier: g.customerTier as Tier,
        customerFlags: g.customerFlags,
        action: g.action,
        amountCents: g.amountCents,
        reasonCode: g.reasonCode,
      }));
    },
  };
}
export type GrantsRepository = ReturnType<typeof createGrantsRepository>;
