import { type AnyColumn, and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { budgetsLeft, evaluate, teamBudgetOf } from '@shared/policy/evaluate';
import type { Situation, Usage } from '@shared/policy/types';
import type { HistoricGrant } from '@shared/policy/what-if';
import type { Tier } from '@shared/schemas/context';
import type { GrantBody, GrantOutcome, GrantRecord, LeewayState } from '@shared/schemas/grants';
import type { PolicyDocument } from '@shared/schemas/policy';
import { tenantLock, type Database } from '../db/database';
import type { grants } from '../db/schema.sqlite';
import { actorKey, assertSameRequest, requestHash } from '../idempotency';
import type { PoliciesRepository } from './policies';
import { policyInForce } from './policy-in-force';

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

/**
 * Whose budgets a grant spends beside the customer's caps: the agent's day, and their team's when
 * the policy gives the team one (panels showing them are pushed afresh; never sent to a client).
 */
export interface Spenders {
  userId: string;
  team: string | null;
}
export type RecordOutcome = GrantOutcome & { spent: Spenders };

export function createGrantsRepository(db: Database, policies: PoliciesRepository) {
  const { customers, grants, users } = db.t;
  const p = sql.placeholder;
  const inForce = policyInForce(db);
  // The agent, the customer and the day's two budgets in one statement: no row when the agent
  // or the customer is missing or in another tenant. The team is the agent's, read in the same row.
  const daySum = (column: AnyColumn, value: unknown) =>
    sql<number>`(select coalesce(sum(${grants.amountCents}), 0) from ${grants} where ${grants.tenantId} = ${p('tenantId')} and ${column} = ${value} and ${grants.createdAt} >= ${p('dayStart')})`;
  const whoAndToday = db.prepared('grants.situation', (q) =>
    q
      .select({
        level: users.agentLevel,
        team: users.team,
        tier: customers.tier,
        flags: customers.flags,
        agentToday: daySum(grants.userId, p('userId')),
        teamToday: daySum(grants.team, users.team),
      })
      .from(users)
      .innerJoin(customers, and(eq(customers.id, p('customerId')), eq(customers.tenantId, p('tenantId'))))
      .where(and(eq(users.id, p('userId')), eq(users.tenantId, p('tenantId')))),
  );
  const capUsed = db.prepared('grants.capUsed', (q) =>
    q
      .select({ amount: sql<number>`coalesce(sum(${grants.amountCents}), 0)`, count: sql<number>`count(*)` })
      .from(grants)
      .where(
        and(
          eq(grants.tenantId, p('tenantId')),
          eq(grants.customerId, p('customerId')),
          eq(grants.action, p('action')),
          gte(grants.createdAt, p('since')),
        ),
      ),
  );
  const insertGrant = db.prepared('grants.insert', (q) =>
    q
      .insert(grants)
      .values({
        id: p('id'),
        tenantId: p('tenantId'),
        idempotencyKey: p('idempotencyKey'),
        requestHash: p('requestHash'),
        customerId: p('customerId'),
        userId: p('userId'),
        team: p('team'),
        agentLevel: p('agentLevel'),
        customerTier: p('customerTier'),
        customerFlags: p('customerFlags'),
        action: p('action'),
        amountCents: p('amountCents'),
        reasonCode: p('reasonCode'),
        policyVersion: p('policyVersion'),
        interactionId: p('interactionId'),
        createdAt: p('createdAt'),
      })
      .onConflictDoNothing({ target: [grants.tenantId, grants.idempotencyKey] })
      .returning({ id: grants.id }),
  );

  /** Everything the evaluator needs about who grants what to whom, read now (inside the caller's transaction, if any). */
  async function situation(policy: PolicyDocument, actor: Actor, customerId: string, now: number): Promise<Situation | null> {
    const { tenantId, userId } = actor;
    const [who] = await whoAndToday({ tenantId, userId, customerId, dayStart: startOfDay(now) });
    if (!who) return null;
    const caps: Usage['caps'] = {};
    for (const cap of policy.customerCaps) {
      const [s] = await capUsed({ tenantId, customerId, action: cap.action, since: now - cap.windowDays * DAY });
      caps[cap.id] = { amountCents: s!.amount, count: s!.count };
    }
    return {
      agent: { level: who.level, team: who.team },
      customer: { tier: who.tier as Tier, flags: who.flags },
      usage: { caps, agentTodayCents: who.agentToday, teamTodayCents: who.teamToday },
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
    async record(actor: Actor, body: GrantBody, dryRun = false): Promise<RecordOutcome | null | 'no-policy'> {
      return db.tx(
        async (tx) => {
          const key = actorKey(actor.userId, body.idempotencyKey);
          const hash = requestHash(body);
          // The key's first grant, read only off the usual path: a new grant learns it is a replay
          // from its insert (the unique index), so the common case costs no lookup. Every path
          // answers as if it had been read first: a reused key with another body is refused before anything else.
          const earlier = async () => {
            if (dryRun) return undefined;
            const [row] = await tx
              .select()
              .from(grants)
              .where(and(eq(grants.tenantId, actor.tenantId), eq(grants.idempotencyKey, key)));
            if (row) assertSameRequest(row.requestHash, hash);
            return row;
          };
          const now = Date.now();
          const policy = await inForce(actor.tenantId, now);
          if (!policy) {
            await earlier();
            return 'no-policy' as const;
          }
          const s = await situation(policy.document, actor, body.customerId, now);
          if (!s) {
            await earlier();
            return null;
          }
          const spent: Spenders = { userId: actor.userId, team: teamBudgetOf(policy.document, s.agent.team) ? s.agent.team : null };
          const duplicate = (existing: typeof grants.$inferSelect) => ({
            spent,
            status: 'duplicate' as const,
            grant: toRecord(existing),
            decision: {
              outcome: 'allowed' as const,
              reason: 'Already recorded: this grant was sent before.',
              budgets: budgetsLeft(policy.document, existing.action, s),
            },
            usage: s.usage,
          });
          const decision = evaluate(policy.document, body, s);
          if (decision.outcome !== 'allowed' || dryRun) {
            const existing = await earlier();
            return existing ? duplicate(existing) : { spent, status: 'refused' as const, decision, usage: s.usage };
          }
          const row = {
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
          };
          const inserted = await insertGrant(row);
          if (!inserted.length) return duplicate((await earlier())!);
          return {
            spent,
            status: 'recorded' as const,
            grant: toRecord({ ...row, exceptionId: null, approvedBy: null }),
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
