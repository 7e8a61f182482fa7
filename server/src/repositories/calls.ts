/**
 * Calls as their platforms' lifecycle events tell them (POST /v1/ingest/calls). One row per
 * contact; each event is one atomic statement that only moves the call forward, so events that
 * arrive twice, late, out of order or at once from several processes leave the same row.
 */
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { CALL_STATES, type CallDesktopId, type CallState } from '@shared/schemas/calls';
import type { Database } from '../db/database';

export type CallRow = Database['t']['calls']['$inferSelect'];

/** Which column keeps the first time of each state. */
const TIME_OF = { ringing: 'ringingAt', connected: 'connectedAt', 'wrap-up': 'afterCallAt', ended: 'endedAt' } as const;

export interface CallStateChange {
  platform: string;
  contactId: string;
  channel: 'voice' | 'chat';
  state: CallState;
  at: number;
}

/**
 * What an event says beyond its state. The caller: set once, by whichever event is heard first.
 * The agent (`agentNamed`: the event names one; `agentUserId`: that agent in Leeway, null when
 * they are nobody here): the first event naming one sets it; after that a ringing or answer whose
 * time is later than the one that named the current agent moves the call (a transfer keeping the
 * contact's id). After-call work and ends name the agent leaving, and move nothing.
 */
export interface CallFirstSight {
  callerE164: string | null;
  customerId: string | null;
  agentUserId: string | null;
  agentNamed: boolean;
}

/**
 * Talk and after-call work: from the answer to the end, or to `now` for a call not ended yet (an
 * agent resolves during after-call work). Null for a call not answered, or not ended without `now`.
 */
export function callHandleTimeSeconds(c: Pick<CallRow, 'connectedAt' | 'endedAt'>, now?: number): number | null {
  const end = c.endedAt ?? now ?? null;
  return c.connectedAt !== null && end !== null ? Math.max(0, Math.round((end - c.connectedAt) / 1000)) : null;
}

export function createCallsRepository(db: Database) {
  const { calls, tenants } = db.t;
  const key = (tenantId: string, platform: string, contactId: string) =>
    and(eq(calls.tenantId, tenantId), eq(calls.platform, platform), eq(calls.contactId, contactId));
  // A state's place in the lifecycle, in SQL, so the comparison happens in the one UPDATE.
  const rank: SQL<number> = sql`case ${calls.state} ${sql.join(
    CALL_STATES.map((s, i) => sql`when ${s} then ${i}`),
    sql` `,
  )} else ${CALL_STATES.length} end`;

  /** The desktops whose calls the platform's events confirm for this tenant (tenants.calls_confirmed_by). */
  async function confirmedBy(tenantId: string): Promise<CallDesktopId[]> {
    const [row] = await db.q.select({ l: tenants.callsConfirmedBy }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
    return (row?.l ?? []) as CallDesktopId[];
  }

  return {
    confirmedBy,

    /** Returns the list it replaced; call inside the transaction that audits the change. */
    async setConfirmedBy(tenantId: string, desktops: CallDesktopId[]): Promise<CallDesktopId[]> {
      return db.tx(async (tx) => {
        const before = await confirmedBy(tenantId);
        await tx.update(tenants).set({ callsConfirmedBy: desktops }).where(eq(tenants.id, tenantId));
        return before;
      });
    },

    async get(tenantId: string, platform: string, contactId: string): Promise<CallRow | null> {
      const [row] = await db.q
        .select()
        .from(calls)
        .where(key(tenantId, platform, contactId))
        .limit(1);
      return row ?? null;
    },

    /**
     * Whether `agentUserId` has a call on `platform` (of `channel`, when given) that became theirs
     * after `since`: named them later (a call that queued before is theirs from its answer).
     */
    async agentCallSince(tenantId: string, platform: string, agentUserId: string, since: number, channel?: string): Promise<boolean> {
      const [row] = await db.q
        .select({ contactId: calls.contactId })
        .from(calls)
        .where(
          and(
            eq(calls.tenantId, tenantId),
            eq(calls.platform, platform),
            eq(calls.agentUserId, agentUserId),
            channel ? eq(calls.channel, channel) : undefined,
            sql`coalesce(${calls.agentAt}, ${calls.connectedAt}, ${calls.ringingAt}) > ${since}`,
          ),
        )
        .limit(1);
      return !!row;
    },

    /** The call with this id on any platform, when exactly one has it (a screen pop names no platform). */
    async byContactId(tenantId: string, contactId: string): Promise<CallRow | null> {
      const rows = await db.q
        .select()
        .from(calls)
        .where(and(eq(calls.tenantId, tenantId), eq(calls.contactId, contactId)))
        .limit(2);
      return rows.length === 1 ? rows[0]! : null;
    },

    /**
     * Applies one event. `created`: the call was first heard of by it; `changed`: it moved the
     * call (a new state, a state's first time, or its agent). Either way, the row as it stands.
     */
    async apply(
      tenantId: string,
      e: CallStateChange,
      first: CallFirstSight,
    ): Promise<{ created: boolean; changed: boolean; row: CallRow }> {
      const timeCol = TIME_OF[e.state];
      const now = Date.now();
      return db.tx(async (tx) => {
        const inserted = await tx
          .insert(calls)
          .values({
            tenantId,
            platform: e.platform,
            contactId: e.contactId,
            channel: e.channel,
            state: e.state,
            callerE164: first.callerE164,
            customerId: first.customerId,
            agentUserId: first.agentUserId,
            agentAt: first.agentNamed ? e.at : null,
            [timeCol]: e.at,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning();
        if (inserted[0]) return { created: true, changed: true, row: inserted[0] };
        const newRank = CALL_STATES.indexOf(e.state);
        const col = calls[timeCol];
        // A ringing or answer naming an agent, later than the event that named the current one: the
        // call is theirs now (nobody's, when Leeway does not know them). Equal times move nothing.
        const names = first.agentNamed && (e.state === 'ringing' || e.state === 'connected');
        const newer = names ? sql`(${calls.agentAt} is null or ${calls.agentAt} < ${e.at})` : sql`false`;
        const agent = first.agentUserId;
        const other = agent
          ? sql`(${calls.agentUserId} is null or ${calls.agentUserId} <> ${agent})`
          : sql`${calls.agentUserId} is not null`;
        const agentMoves = and(newer, other);
        const updated = await tx
          .update(calls)
          .set({
            state: sql`case when ${rank} < ${newRank} then ${e.state} else ${calls.state} end`,
            [timeCol]: sql`coalesce(${col}, ${e.at})`,
            agentUserId: agent
              ? sql`case when ${newer} then ${agent} else ${calls.agentUserId} end`
              : sql`case when ${newer} then null else ${calls.agentUserId} end`,
            agentAt: sql`case when ${newer} then ${e.at} else ${calls.agentAt} end`,
            updatedAt: now,
          })
          .where(and(key(tenantId, e.platform, e.contactId), or(sql`${rank} < ${newRank}`, isNull(col), agentMoves)))
          .returning();
        if (updated[0]) return { created: false, changed: true, row: updated[0] };
        // The same agent named again later: their time moves on (an older event naming another, arriving late, then moves nothing), the call does not.
        if (names && agent)
          await tx
            .update(calls)
            .set({ agentAt: e.at })
            .where(and(key(tenantId, e.platform, e.contactId), eq(calls.agentUserId, agent), newer));
        const [row] = await tx
          .select()
          .from(calls)
          .where(key(tenantId, e.platform, e.contactId))
          .limit(1);
        return { created: false, changed: false, row: row! };
      });
    },
  };
}
export type CallsRepository = ReturnType<typeof createCallsRepository>;
