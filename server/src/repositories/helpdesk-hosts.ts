import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { BUILT_IN_HOSTED, legacyInstanceFor } from '@shared/helpdesk-instance';
import { ticketRef } from '@shared/ticket-ref';
import type { Database } from '../db/database';

/** What a change of hosts did: for the audit entry (hosts are not personal data). */
export interface HostsChange {
  hosts: string[];
  added: string[];
  removed: string[];
  /** Legacy rows scoped to a host by the rule, per table. */
  scoped: { identities: number; interactions: number; conversationScores: number };
}

/** The tenant's pinned helpdesk hosts, and the one-time scoping of rows stored before instances. */
export function createHelpdeskHostsRepository(db: Database) {
  const { helpdeskHosts, interactions, tenants } = db.t;

  async function list(tenantId: string): Promise<string[]> {
    const rows = await db.q
      .select({ host: helpdeskHosts.host })
      .from(helpdeskHosts)
      .where(eq(helpdeskHosts.tenantId, tenantId))
      .orderBy(asc(helpdeskHosts.host));
    return rows.map((r) => r.host);
  }

  /**
   * Run once per tenant, on its first pinned hosts (migration 0010 says why there).
   * Legacy rows (`zendesk:9001`, interactions without an instance) of a built-in hosted helpdesk
   * become its single pinned host's (shared/helpdesk-instance.ts legacyInstanceFor); with none
   * or several they stay unscoped and never match. A legacy row whose scoped twin already exists
   * is left as it is (the scoped one wins). Written by Leeway itself, so safe to rewrite; the
   * resolution log is not touched (its ticket refs are under the hash chain) and neither are
   * tickets named by business systems' events (read with the same rule instead).
   */
  async function scopeLegacyRows(tenantId: string, hosts: string[]) {
    const scoped = { identities: 0, interactions: 0, conversationScores: 0 };
    for (const helpdesk of BUILT_IN_HOSTED) {
      const instance = legacyInstanceFor(helpdesk, hosts);
      if (!instance) continue;
      const from = ticketRef(helpdesk, null, '');
      const to = ticketRef(helpdesk, instance, '');
      const start = from.length + 1;
      // Built-in helpdesk ids are [a-z]+: nothing in the LIKE pattern needs escaping.
      const moved = await db.rows<{ n: number }>(sql`
        update identities set value = cast(${to} as text) || substr(value, cast(${start} as integer))
        where tenant_id = ${tenantId} and kind = 'helpdesk' and value like ${`${from}%`}
          and not exists (select 1 from identities x where x.tenant_id = identities.tenant_id and x.kind = 'helpdesk' and x.value = cast(${to} as text) || substr(identities.value, cast(${start} as integer)))
        returning 1 as n`);
      scoped.identities += moved.length;
      const scores = await db.rows<{ n: number }>(sql`
        update conversation_scores set ticket_ref = cast(${to} as text) || substr(ticket_ref, cast(${start} as integer))
        where tenant_id = ${tenantId} and ticket_ref like ${`${from}%`}
          and not exists (select 1 from conversation_scores x where x.tenant_id = conversation_scores.tenant_id and x.message_hash = conversation_scores.message_hash and x.ticket_ref = cast(${to} as text) || substr(conversation_scores.ticket_ref, cast(${start} as integer)))
        returning 1 as n`);
      scoped.conversationScores += scores.length;
      const opened = await db.q
        .update(interactions)
        .set({ instance })
        .where(and(eq(interactions.tenantId, tenantId), eq(interactions.helpdesk, helpdesk), isNull(interactions.instance)))
        .returning({ id: interactions.id });
      scoped.interactions += opened.length;
    }
    return scoped;
  }

  return {
    list,
    async isPinned(tenantId: string, host: string): Promise<boolean> {
      const [row] = await db.q
        .select({ host: helpdeskHosts.host })
        .from(helpdeskHosts)
        .where(and(eq(helpdeskHosts.tenantId, tenantId), eq(helpdeskHosts.host, host)))
        .limit(1);
      return !!row;
    },
    /** Sets the tenant's hosts to exactly `hosts`; the first time, also settles its legacy rows by the rule; one transaction. */
    async replace(tenantId: string, userId: string, hosts: string[]): Promise<HostsChange> {
      const wanted = [...new Set(hosts)].sort();
      return db.tx(
        async (tx) => {
          const before = await list(tenantId);
          const added = wanted.filter((h) => !before.includes(h));
          const removed = before.filter((h) => !wanted.includes(h));
          // Only what changed: a host kept keeps who added it and when.
          if (removed.length)
            await tx.delete(helpdeskHosts).where(and(eq(helpdeskHosts.tenantId, tenantId), inArray(helpdeskHosts.host, removed)));
          if (added.length)
            await tx.insert(helpdeskHosts).values(added.map((host) => ({ tenantId, host, addedBy: userId, addedAt: Date.now() })));
          // Once per tenant, on its first hosts: later changes never re-attribute what was left unscoped.
          const [tenant] = await tx.select({ settled: tenants.legacyRefsSettledAt }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
          let scoped: HostsChange['scoped'] = { identities: 0, interactions: 0, conversationScores: 0 };
          if (tenant && tenant.settled === null && wanted.length) {
            scoped = await scopeLegacyRows(tenantId, wanted);
            await tx.update(tenants).set({ legacyRefsSettledAt: Date.now() }).where(eq(tenants.id, tenantId));
          }
          return { hosts: wanted, added, removed, scoped };
        },
        { lock: `helpdesk-hosts:${tenantId}` },
      );
    },
  };
}
export type HelpdeskHostsRepository = ReturnType<typeof createHelpdeskHostsRepository>;
