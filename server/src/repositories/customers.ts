import { and, asc, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { canonicalEmail, canonicalPhone, maskEmail, maskPhone } from '../../../shared/identity';
import type { CustomerContext, Requester, Tier } from '../../../shared/schemas/context';
import { RECENT_EVENTS_LIMIT } from '../../../shared/schemas/context';
import type { CustomerRef } from '../../../shared/schemas/customer-events';
import type { Db } from '../db/open';
import { customerMerges, customers, events, identities, identityConflicts, tickets } from '../db/schema.sqlite';
import { UserError, notFound } from '../errors';
import { toCustomerEvent } from './events';

type IdentityKind = (typeof identities.$inferInsert)['kind'];

export interface NewCustomer {
  name: string;
  tier: Tier;
  lifetimeValueCents: number;
  currency?: string;
  customerSince: number;
  flags?: string[];
  consent?: Record<string, boolean>;
  emails?: string[];
  phones?: string[];
  externalIds?: string[];
  helpdeskIds?: string[];
}

/** Every identity in its stored (canonical) form; values that cannot be one are dropped. */
export function canonicalIdentities(c: Pick<NewCustomer, 'emails' | 'phones' | 'externalIds' | 'helpdeskIds'>): [IdentityKind, string][] {
  const out: [IdentityKind, string][] = [];
  for (const e of c.emails ?? []) {
    const v = canonicalEmail(e);
    if (v) out.push(['email', v]);
  }
  for (const p of c.phones ?? []) {
    const v = canonicalPhone(p);
    if (v) out.push(['phone', v]);
  }
  for (const x of c.externalIds ?? []) out.push(['external', x]);
  for (const h of c.helpdeskIds ?? []) out.push(['helpdesk', h]);
  return out;
}

export function createCustomersRepository(db: Db) {
  const byIdentity = (tenantId: string, kind: IdentityKind, value: string | null) =>
    value
      ? (db
          .select({ customerId: identities.customerId })
          .from(identities)
          .where(and(eq(identities.tenantId, tenantId), eq(identities.kind, kind), eq(identities.value, value)))
          .get()?.customerId ?? null)
      : null;

  // The hot path of bulk imports: statements prepared once, not built per call.
  const stmt = {
    holder: db.$client.prepare('select customer_id as id from identities where tenant_id = ? and kind = ? and value = ?'),
    addIdentity: db.$client.prepare('insert into identities (tenant_id, kind, value, customer_id) values (?, ?, ?, ?)'),
    addConflict: db.$client.prepare(
      'insert into identity_conflicts (tenant_id, kind, value, held_by, claimed_by, source, created_at) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing',
    ),
    insertCustomer: db.$client.prepare(
      'insert into customers (id, tenant_id, name, tier, lifetime_value_cents, currency, customer_since, flags, consent, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    updateCustomer: db.$client.prepare('update customers set name = ?, tier = ?, lifetime_value_cents = ?, currency = ?, customer_since = ?, flags = ?, consent = ? where id = ?'),
  };

  /**
   * Gives `customerId` an identity, unless another customer holds it: then the clash is
   * recorded as a conflict for people to settle, and nothing is moved.
   */
  function claim(tenantId: string, customerId: string, kind: IdentityKind, value: string, source: string): 'added' | 'held' | 'conflict' {
    const holder = (stmt.holder.get(tenantId, kind, value) as { id: string } | undefined)?.id;
    if (!holder) {
      stmt.addIdentity.run(tenantId, kind, value, customerId);
      return 'added';
    }
    if (holder === customerId) return 'held';
    stmt.addConflict.run(tenantId, kind, value, holder, customerId, source, Date.now());
    return 'conflict';
  }

  return {
    claim,
    /**
     * Creates or updates the customer known by `externalId`, claiming its identities. Run
     * inside the caller's transaction (a bulk import's savepoint).
     */
    upsertByExternalId(tenantId: string, externalId: string, c: NewCustomer, source: string): string {
      const existing = (stmt.holder.get(tenantId, 'external', externalId) as { id: string } | undefined)?.id;
      const id = existing ?? randomUUID();
      const flags = JSON.stringify(c.flags ?? []);
      const consent = JSON.stringify(c.consent ?? {});
      if (existing) stmt.updateCustomer.run(c.name, c.tier, c.lifetimeValueCents, c.currency ?? 'USD', c.customerSince, flags, consent, id);
      else stmt.insertCustomer.run(id, tenantId, c.name, c.tier, c.lifetimeValueCents, c.currency ?? 'USD', c.customerSince, flags, consent, Date.now());
      for (const [kind, value] of canonicalIdentities({ ...c, externalIds: [externalId] })) claim(tenantId, id, kind, value, source);
      return id;
    },
    async create(tenantId: string, c: NewCustomer, source = 'api'): Promise<string> {
      const id = randomUUID();
      const now = Date.now();
      db.transaction((tx) => {
        tx.insert(customers)
          .values({ id, tenantId, name: c.name, tier: c.tier, lifetimeValueCents: c.lifetimeValueCents, currency: c.currency ?? 'USD', customerSince: c.customerSince, flags: c.flags ?? [], consent: c.consent ?? {}, createdAt: now })
          .run();
        for (const [kind, value] of canonicalIdentities(c)) claim(tenantId, id, kind, value, source);
      });
      return id;
    },

    /** The customer a webhook names, within this tenant only. */
    async resolveRef(tenantId: string, ref: CustomerRef): Promise<string | null> {
      return this.resolveRefSync(tenantId, ref);
    },
    resolveRefSync(tenantId: string, ref: CustomerRef): string | null {
      if (ref.id) {
        const row = db.select({ id: customers.id, into: customers.mergedInto }).from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, ref.id))).get();
        return row ? (row.into ?? row.id) : null;
      }
      return (
        (ref.email && byIdentity(tenantId, 'email', canonicalEmail(ref.email))) ||
        (ref.phone && byIdentity(tenantId, 'phone', canonicalPhone(ref.phone))) ||
        (ref.externalId && byIdentity(tenantId, 'external', ref.externalId)) ||
        null
      );
    },

    /** The customer a helpdesk page shows, and the identities tried (for the panel's "unknown" note). */
    async resolveRequester(tenantId: string, helpdesk: string, r: Requester): Promise<{ customerId: string | null; tried: string[] }> {
      const tried: string[] = [];
      const attempts: [IdentityKind, string | null, string][] = [
        ['email', r.email ? canonicalEmail(r.email) : null, r.email ?? ''],
        ['phone', r.phone ? canonicalPhone(r.phone) : null, r.phone ?? ''],
        ['helpdesk', r.helpdeskId ? `${helpdesk}:${r.helpdeskId}` : null, `${helpdesk} requester ${r.helpdeskId}`],
      ];
      for (const [kind, value, shown] of attempts) {
        if (!value) continue;
        tried.push(shown);
        const id = byIdentity(tenantId, kind, value);
        if (id) return { customerId: id, tried };
      }
      return { customerId: null, tried };
    },

    /** Everything the panel shows about a customer except signals, in a handful of indexed reads. */
    async context(tenantId: string, customerId: string): Promise<Omit<CustomerContext, 'signals'> | null> {
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
      const ids = db.select().from(identities).where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, customerId))).all();
      const email = ids.find((i) => i.kind === 'email')?.value ?? null;
      const phone = ids.find((i) => i.kind === 'phone')?.value ?? null;
      const clashes = db
        .select({ kind: identityConflicts.kind, value: identityConflicts.value, heldBy: identityConflicts.heldBy, claimedBy: identityConflicts.claimedBy })
        .from(identityConflicts)
        .where(and(eq(identityConflicts.tenantId, tenantId), isNull(identityConflicts.resolvedAt)))
        .all()
        .filter((k) => k.heldBy === customerId || k.claimedBy === customerId);
      const others = new Map(
        clashes.length
          ? db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, clashes.map((k) => (k.heldBy === customerId ? k.claimedBy : k.heldBy)))).all().map((o) => [o.id, o.name])
          : [],
      );
      const mask = (kind: string, v: string) => (kind === 'email' ? maskEmail(v) : kind === 'phone' ? maskPhone(v) : v);
      return {
        customer: { id: c.id, name: c.name, tier: c.tier, lifetimeValueCents: c.lifetimeValueCents, currency: c.currency, customerSince: new Date(c.customerSince).toISOString() },
        contact: { email: email && maskEmail(email), phone: phone && maskPhone(phone) },
        consent: c.consent,
        conflicts: clashes.map((k) => ({ kind: k.kind, value: mask(k.kind, k.value), otherCustomer: others.get(k.heldBy === customerId ? k.claimedBy : k.heldBy) ?? 'another customer' })),
        openTickets: open.map((t) => ({ ref: t.ref, channel: t.channel, subject: t.subject, openedAt: new Date(t.openedAt).toISOString() })),
        recentEvents: recent.map(toCustomerEvent),
      };
    },

    /** The clear value of a masked field, for an audited reveal. */
    async contactValue(tenantId: string, customerId: string, field: 'email' | 'phone'): Promise<string | null> {
      return db.select({ v: identities.value }).from(identities).where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, customerId), eq(identities.kind, field))).get()?.v ?? null;
    },

    async profile(tenantId: string, customerId: string) {
      return db.select().from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId))).get() ?? null;
    },

    /** Events of the last `days`, newest first: what signals are computed from. */
    async eventsSince(tenantId: string, customerId: string, since: number, limit = 500) {
      return db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, tenantId), eq(events.customerId, customerId), gte(events.occurredAt, since)))
        .orderBy(desc(events.occurredAt))
        .limit(limit)
        .all()
        .map(toCustomerEvent);
    },

    async ticket(tenantId: string, ref: string) {
      return db.select().from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.ref, ref))).get() ?? null;
    },

    /**
     * Merges `from` into `into`: identities, events and tickets move; `from` is marked merged.
     * What moved is recorded, so unmerge puts exactly that back. Conflicts between the two settle.
     */
    async merge(tenantId: string, fromId: string, intoId: string, by: string, reason: string): Promise<string> {
      if (fromId === intoId) throw new UserError(400, 'A customer cannot be merged into itself');
      return db.transaction(
        (tx) => {
          const [from, into] = [fromId, intoId].map((id) => tx.select().from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, id))).get());
          if (!from || !into) throw notFound('Both customers must exist in your tenant');
          if (from.mergedInto || into.mergedInto) throw new UserError(409, 'One of them is already merged into another customer: unmerge first');
          const moved = {
            identities: tx.select({ kind: identities.kind, value: identities.value }).from(identities).where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, fromId))).all(),
            events: tx.select({ id: events.id }).from(events).where(and(eq(events.tenantId, tenantId), eq(events.customerId, fromId))).all().map((e) => e.id),
            tickets: tx.select({ ref: tickets.ref }).from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, fromId))).all().map((t) => t.ref),
          };
          tx.update(identities).set({ customerId: intoId }).where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, fromId))).run();
          tx.update(events).set({ customerId: intoId }).where(and(eq(events.tenantId, tenantId), eq(events.customerId, fromId))).run();
          tx.update(tickets).set({ customerId: intoId }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, fromId))).run();
          tx.update(customers).set({ mergedInto: intoId }).where(eq(customers.id, fromId)).run();
          tx.update(identityConflicts)
            .set({ resolvedAt: Date.now() })
            .where(and(eq(identityConflicts.tenantId, tenantId), isNull(identityConflicts.resolvedAt), inArray(identityConflicts.heldBy, [fromId, intoId]), inArray(identityConflicts.claimedBy, [fromId, intoId])))
            .run();
          const id = randomUUID();
          tx.insert(customerMerges).values({ id, tenantId, fromCustomer: fromId, intoCustomer: intoId, moved, reason, mergedBy: by, mergedAt: Date.now() }).run();
          return id;
        },
        { behavior: 'immediate' },
      );
    },

    /** Puts back exactly what the merge moved; anything that arrived since stays with `into`. */
    async unmerge(tenantId: string, mergeId: string, by: string): Promise<void> {
      db.transaction(
        (tx) => {
          const m = tx.select().from(customerMerges).where(and(eq(customerMerges.tenantId, tenantId), eq(customerMerges.id, mergeId))).get();
          if (!m) throw notFound('No such merge in your tenant');
          if (m.unmergedAt) throw new UserError(409, 'This merge was already undone');
          for (const i of m.moved.identities) {
            tx.update(identities).set({ customerId: m.fromCustomer }).where(and(eq(identities.tenantId, tenantId), eq(identities.kind, i.kind as IdentityKind), eq(identities.value, i.value))).run();
          }
          if (m.moved.events.length) tx.update(events).set({ customerId: m.fromCustomer }).where(and(eq(events.tenantId, tenantId), inArray(events.id, m.moved.events))).run();
          if (m.moved.tickets.length) tx.update(tickets).set({ customerId: m.fromCustomer }).where(and(eq(tickets.tenantId, tenantId), inArray(tickets.ref, m.moved.tickets))).run();
          tx.update(customers).set({ mergedInto: null }).where(eq(customers.id, m.fromCustomer)).run();
          tx.update(customerMerges).set({ unmergedAt: Date.now(), unmergedBy: by }).where(eq(customerMerges.id, mergeId)).run();
        },
        { behavior: 'immediate' },
      );
    },

    async merges(tenantId: string, customerId: string) {
      return db.select().from(customerMerges).where(and(eq(customerMerges.tenantId, tenantId), eq(customerMerges.intoCustomer, customerId))).orderBy(asc(customerMerges.mergedAt)).all();
    },
  };
}
export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
