import { and, desc, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { CustomerContext, Requester, Tier } from '../../../shared/schemas/context';
import { RECENT_EVENTS_LIMIT } from '../../../shared/schemas/context';
import type { CustomerRef } from '../../../shared/schemas/customer-events';
import type { Db } from '../db/open';
import { customers, events, identities, tickets } from '../db/schema.sqlite';
import { toCustomerEvent } from './events';

type IdentityKind = (typeof identities.$inferInsert)['kind'];

/** Identity values are stored normalised; the lookup normalises the same way. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export interface NewCustomer {
  name: string;
  tier: Tier;
  lifetimeValueCents: number;
  currency?: string;
  customerSince: number;
  flags?: string[];
  emails?: string[];
  phones?: string[];
  externalIds?: string[];
  helpdeskIds?: string[];
}

export function createCustomersRepository(db: Db) {
  const byIdentity = (tenantId: string, kind: IdentityKind, value: string) =>
    db
      .select({ customerId: identities.customerId })
      .from(identities)
      .where(and(eq(identities.tenantId, tenantId), eq(identities.kind, kind), eq(identities.value, value)))
      .get()?.customerId ?? null;

  return {
    async create(tenantId: string, c: NewCustomer): Promise<string> {
      const id = randomUUID();
      const now = Date.now();
      const ids: [IdentityKind, string][] = [
        ...(c.emails ?? []).map((v) => ['email', normaliseEmail(v)] as [IdentityKind, string]),
        ...(c.phones ?? []).map((v) => ['phone', v] as [IdentityKind, string]),
        ...(c.externalIds ?? []).map((v) => ['external', v] as [IdentityKind, string]),
        ...(c.helpdeskIds ?? []).map((v) => ['helpdesk', v] as [IdentityKind, string]),
      ];
      db.transaction((tx) => {
        tx.insert(customers)
          .values({ id, tenantId, name: c.name, tier: c.tier, lifetimeValueCents: c.lifetimeValueCents, currency: c.currency ?? 'USD', customerSince: c.customerSince, flags: c.flags ?? [], createdAt: now })
          .run();
        for (const [kind, value] of ids) tx.insert(identities).values({ tenantId, kind, value, customerId: id }).run();
      });
      return id;
    },

    /** The customer a webhook names, within this tenant only. */
    async resolveRef(tenantId: string, ref: CustomerRef): Promise<string | null> {
      if (ref.id) {
        const row = db.select({ id: customers.id }).from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, ref.id))).get();
        return row?.id ?? null;
      }
      return (
        (ref.email && byIdentity(tenantId, 'email', normaliseEmail(ref.email))) ||
        (ref.phone && byIdentity(tenantId, 'phone', ref.phone)) ||
        (ref.externalId && byIdentity(tenantId, 'external', ref.externalId)) ||
        null
      );
    },

    /** The customer a helpdesk page shows, and the identities tried (for the panel's "unknown" note). */
    async resolveRequester(tenantId: string, helpdesk: string, r: Requester): Promise<{ customerId: string | null; tried: string[] }> {
      const tried: string[] = [];
      if (r.email) {
        tried.push(r.email);
        const id = byIdentity(tenantId, 'email', normaliseEmail(r.email));
        if (id) return { customerId: id, tried };
      }
      if (r.phone) {
        tried.push(r.phone);
        const id = byIdentity(tenantId, 'phone', r.phone);
        if (id) return { customerId: id, tried };
      }
      if (r.helpdeskId) {
        tried.push(`${helpdesk} requester ${r.helpdeskId}`);
        const id = byIdentity(tenantId, 'helpdesk', `${helpdesk}:${r.helpdeskId}`);
        if (id) return { customerId: id, tried };
      }
      return { customerId: null, tried };
    },

    /** Everything the panel shows about a customer, in three indexed reads. */
    async context(tenantId: string, customerId: string): Promise<CustomerContext | null> {
      const c = db.select().from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId))).get();
      if (!c) return null;
      const open = db
        .select()
        .from(tickets)
        .where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, customerId), isNull(tickets.closedAt)))
        .orderBy(desc(tickets.openedAt))
        .all();
      const recent = db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, tenantId), eq(events.customerId, customerId)))
        .orderBy(desc(events.occurredAt))
        .limit(RECENT_EVENTS_LIMIT)
        .all();
      return {
        customer: {
          id: c.id,
          name: c.name,
          tier: c.tier,
          lifetimeValueCents: c.lifetimeValueCents,
          currency: c.currency,
          customerSince: new Date(c.customerSince).toISOString(),
        },
        openTickets: open.map((t) => ({ ref: t.ref, channel: t.channel, subject: t.subject, openedAt: new Date(t.openedAt).toISOString() })),
        recentEvents: recent.map(toCustomerEvent),
      };
    },
  };
}
export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
