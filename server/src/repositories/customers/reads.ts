import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { maskEmail, maskPhone } from '@shared/identity';
import type { CustomerContext } from '@shared/schemas/context';
import { RECENT_EVENTS_LIMIT } from '@shared/schemas/context';
import type { Database } from '../../db/database';
import { summarize, type SignalSummary, usableSummary } from '../../signals/summary';
import { summaryHistory, toCustomerEvent } from '../events';
import { prepareSignalParts } from './signal-parts';

/** What is read about one customer: the panel's context, profile, events, tickets. */
export function createCustomerReads(db: Database) {
  const { customers, events, identities, identityConflicts, tickets } = db.t;
  const profileOf = db.prepared('customers.profile', (q) =>
    q
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, sql.placeholder('tenantId')), eq(customers.id, sql.placeholder('customerId'))))
      .limit(1),
  );
  const signalParts = prepareSignalParts(db);
  return {
    /** Everything the panel shows about a customer except signals, in a handful of indexed reads. */
    async context(tenantId: string, customerId: string): Promise<Omit<CustomerContext, 'signals'> | null> {
      const [c] = await db.q
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)))
        .limit(1);
      if (!c) return null;
      const [open, recent, ids, clashes] = await Promise.all([
        db.q
          .select()
          .from(tickets)
          .where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, customerId), isNull(tickets.closedAt)))
          .orderBy(desc(tickets.openedAt)),
        db.q
          .select()
          .from(events)
          .where(and(eq(events.tenantId, tenantId), eq(events.customerId, customerId)))
          .orderBy(desc(events.occurredAt))
          .limit(RECENT_EVENTS_LIMIT),
        db.q
          .select()
          .from(identities)
          .where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, customerId))),
        db.q
          .select({
            kind: identityConflicts.kind,
            value: identityConflicts.value,
            heldBy: identityConflicts.heldBy,
            claimedBy: identityConflicts.claimedBy,
          })
          .from(identityConflicts)
          .where(
            and(
              eq(identityConflicts.tenantId, tenantId),
              isNull(identityConflicts.resolvedAt),
              or(eq(identityConflicts.heldBy, customerId), eq(identityConflicts.claimedBy, customerId)),
            ),
          ),
      ]);
      const email = ids.find((i) => i.kind === 'email')?.value ?? null;
      const phone = ids.find((i) => i.kind === 'phone')?.value ?? null;
      const other = (k: (typeof clashes)[number]) => (k.heldBy === customerId ? k.claimedBy : k.heldBy);
      const others = new Map(
        clashes.length
          ? (
              await db.q
                .select({ id: customers.id, name: customers.name })
                .from(customers)
                .where(inArray(customers.id, clashes.map(other)))
            ).map((o) => [o.id, o.name])
          : [],
      );
      const mask = (kind: string, v: string) => (kind === 'email' ? maskEmail(v) : kind === 'phone' ? maskPhone(v) : v);
      return {
        customer: {
          id: c.id,
          name: c.name,
          tier: c.tier,
          lifetimeValueCents: c.lifetimeValueCents,
          currency: c.currency,
          customerSince: new Date(c.customerSince).toISOString(),
        },
        contact: { email: email && maskEmail(email), phone: phone && maskPhone(phone) },
        consent: c.consent,
        conflicts: clashes.map((k) => ({
          kind: k.kind,
          value: mask(k.kind, k.value),
          otherCustomer: others.get(other(k)) ?? 'another customer',
        })),
        openTickets: open.map((t) => ({
          ref: t.ref,
          channel: t.channel,
          subject: t.subject,
          openedAt: new Date(t.openedAt).toISOString(),
        })),
        recentEvents: recent.map(toCustomerEvent),
      };
    },

    /** The clear value of a masked field, for an audited reveal. */
    async contactValue(tenantId: string, customerId: string, field: 'email' | 'phone'): Promise<string | null> {
      const [row] = await db.q
        .select({ v: identities.value })
        .from(identities)
        .where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, customerId), eq(identities.kind, field)))
        .limit(1);
      return row?.v ?? null;
    },

    async profile(tenantId: string, customerId: string) {
      const [row] = await profileOf({ tenantId, customerId });
      return row ?? null;
    },

    /** The customer's tier, flags, consent and signal summary: what their signals are computed from; null when not in the tenant. */
    signalParts,

    /** The customer's signal summary, built from their events when none is stored (nothing is written here). */
    async signalSummary(tenantId: string, customerId: string, stored: SignalSummary | null, now: number): Promise<SignalSummary> {
      return usableSummary(stored) ?? summarize(await summaryHistory(db, tenantId, customerId, now), now);
    },

    /** The ticket stored under the first of `refs` found (its forms, best first). */
    async ticket(tenantId: string, refs: string | string[]) {
      const wanted = typeof refs === 'string' ? [refs] : refs;
      const rows = await db.q
        .select()
        .from(tickets)
        .where(and(eq(tickets.tenantId, tenantId), inArray(tickets.ref, wanted)));
      return wanted.map((r) => rows.find((row) => row.ref === r)).find((row) => row) ?? null;
    },

    /** Whether the tenant has this customer. */
    async exists(tenantId: string, customerId: string): Promise<boolean> {
      const rows = await db.q
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.id, customerId), eq(customers.tenantId, tenantId)))
        .limit(1);
      return rows.length > 0;
    },

    /** The flags of those of `ids` the tenant has. */
    async flagsOf(tenantId: string, ids: string[]): Promise<{ id: string; flags: string[] }[]> {
      return db.q
        .select({ id: customers.id, flags: customers.flags })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)));
    },
  };
}
