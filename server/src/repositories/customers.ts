import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { canonicalEmail, canonicalPhone, maskEmail, maskPhone } from '../../../shared/identity';
import type { CustomerContext, PageIdentity, Requester, Tier } from '../../../shared/schemas/context';
import { scopedRef } from '../../../shared/helpdesk-instance';
import { RECENT_EVENTS_LIMIT } from '../../../shared/schemas/context';
import type { CustomerRef } from '../../../shared/schemas/customer-events';
import { tenantLock, type Database } from '../db/database';
import type { identities } from '../db/schema.sqlite';
import { UserError, notFound } from '../errors';
import { toCustomerEvent } from './events';

type IdentityKind = (typeof identities.$inferInsert)['kind'];
type Claim = { customerId: string; kind: IdentityKind; value: string };
const identityKey = (i: { kind: string; value: string }) => `${i.kind}:${i.value}`;

/** Who a helpdesk page's requester is: one customer, nobody, or identities that disagree. */
export type RequesterMatch =
  | { status: 'known' | 'unknown'; customerId: string | null; tried: string[] }
  | { status: 'conflict'; customerId: null; tried: string[]; identities: PageIdentity[]; message: string };

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
  /** Scoped by instance: `zendesk@acme.zendesk.com:9001` (shared/helpdesk-instance.ts scopedRef). */
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

export function createCustomersRepository(db: Database) {
  const { customerMerges, customers, events, identities, identityConflicts, tickets } = db.t;

  /**
   * The customer holding an identity (inside a transaction, read in it). Plain SQL: the hot path of
   * webhooks and event imports, at a third of the cost of building the query each call.
   */
  async function byIdentity(tenantId: string, kind: IdentityKind, value: string | null): Promise<string | null> {
    if (!value) return null;
    const [row] = await db.rows<{ customerId: string }>(
      sql`select customer_id as "customerId" from identities where tenant_id = ${tenantId} and kind = ${kind} and value = ${value} limit 1`,
    );
    return row?.customerId ?? null;
  }

  /**
   * Gives each claimant its identity, unless another customer holds it: then the clash is
   * recorded as a conflict for people to settle, and nothing is moved. The insert decides who
   * holds a new identity, so two claims at once cannot both take it. One insert for all of them
   * (a bulk import's batch); no identity may be claimed by two different customers in one call.
   */
  async function claim(tenantId: string, claims: Claim[], source: string): Promise<void> {
    const claimed = [...new Map(claims.map((c) => [identityKey(c), c]))]; // the same identity twice for one customer: once
    if (!claimed.length) return;
    await db.tx(async (tx) => {
      const wanted = new Map(claimed);
      const heldBy = new Map<string, string>();
      // Twice round only when a holder was erased between the insert and the read (PostgreSQL): the identity is free again.
      while (wanted.size) {
        const added = await tx
          .insert(identities)
          .values([...wanted.values()].map((c) => ({ tenantId, ...c })))
          .onConflictDoNothing()
          .returning({ kind: identities.kind, value: identities.value });
        for (const a of added) wanted.delete(identityKey(a));
        if (!wanted.size) break;
        for (const h of await holders(tenantId, [...wanted.values()])) {
          const c = wanted.get(identityKey(h))!;
          wanted.delete(identityKey(h));
          if (h.customerId !== c.customerId) heldBy.set(identityKey(h), h.customerId);
        }
      }
      // In the order claimed, as one claim after another would record them.
      const now = Date.now();
      const conflicts = claimed
        .filter(([k]) => heldBy.has(k))
        .map(([k, c]) => ({
          tenantId,
          kind: c.kind,
          value: c.value,
          heldBy: heldBy.get(k)!,
          claimedBy: c.customerId,
          source,
          createdAt: now,
        }));
      if (conflicts.length) await tx.insert(identityConflicts).values(conflicts).onConflictDoNothing();
    });
  }

  /** Who holds these identities now (those nobody holds are left out). */
  async function holders(tenantId: string, wanted: { kind: IdentityKind; value: string }[]) {
    const keys = new Set(wanted.map(identityKey));
    // Kinds and values as two lists (the key's index serves both; thousands of ORs SQLite refuses), then the pairs asked for.
    const kinds = [...new Set(wanted.map((w) => w.kind))];
    const values = [...new Set(wanted.map((w) => w.value))];
    const rows = await db.q
      .select({ kind: identities.kind, value: identities.value, customerId: identities.customerId })
      .from(identities)
      .where(and(eq(identities.tenantId, tenantId), inArray(identities.kind, kinds), inArray(identities.value, values)));
    return rows.filter((r) => keys.has(identityKey(r)));
  }

  const fields = (c: NewCustomer) => ({
    name: c.name,
    tier: c.tier,
    lifetimeValueCents: c.lifetimeValueCents,
    currency: c.currency ?? 'USD',
    customerSince: c.customerSince,
    flags: c.flags ?? [],
    consent: c.consent ?? {},
  });

  /**
   * Creates or updates the customers known by these external ids, claiming their identities, in a
   * few statements however many there are. The same as one upsert after another when no two rows
   * share an identity (no row's outcome can then depend on another's); otherwise they go one at a time.
   */
  async function upsertMany(tenantId: string, rows: { externalId: string; customer: NewCustomer }[], source: string): Promise<string[]> {
    if (!rows.length) return [];
    const claims = rows.map((r) => canonicalIdentities({ ...r.customer, externalIds: [r.externalId] }));
    const keys = claims.flatMap((c) => [...new Set(c.map(([kind, value]) => identityKey({ kind, value })))]);
    if (rows.length > 1 && new Set(keys).size < keys.length) {
      const ids: string[] = [];
      for (const r of rows) ids.push(...(await upsertMany(tenantId, [r], source)));
      return ids;
    }
    // Read, then write on what was read: the same external id from two importers at once makes one customer.
    return db.tx(
      async (tx) => {
        const existing = new Map(
          (
            await holders(
              tenantId,
              rows.map((r) => ({ kind: 'external', value: r.externalId })),
            )
          ).map((h) => [h.value, h.customerId]),
        );
        const ids = rows.map((r) => existing.get(r.externalId) ?? randomUUID());
        const now = Date.now();
        const fresh = rows.flatMap((r, i) =>
          existing.has(r.externalId) ? [] : [{ id: ids[i]!, tenantId, ...fields(r.customer), createdAt: now }],
        );
        if (fresh.length) await tx.insert(customers).values(fresh);
        for (const [i, r] of rows.entries())
          if (existing.has(r.externalId)) await tx.update(customers).set(fields(r.customer)).where(eq(customers.id, ids[i]!));
        await claim(
          tenantId,
          claims.flatMap((c, i) => c.map(([kind, value]) => ({ customerId: ids[i]!, kind, value }))),
          source,
        );
        return ids;
      },
      { lock: `customers:${tenantId}` },
    );
  }

  return {
    /**
     * Creates or updates the customer known by `externalId`, claiming its identities. Inside the
     * caller's transaction (a bulk import's batch), it joins it.
     */
    async upsertByExternalId(tenantId: string, externalId: string, c: NewCustomer, source: string): Promise<string> {
      return (await upsertMany(tenantId, [{ externalId, customer: c }], source))[0]!;
    },
    /** As upsertByExternalId for many customers, in a few statements: a bulk import's batch. Returns their ids, in order. */
    upsertManyByExternalId: upsertMany,
    async create(tenantId: string, c: NewCustomer, source = 'api'): Promise<string> {
      const id = randomUUID();
      await db.tx(async (tx) => {
        await tx.insert(customers).values({ id, tenantId, ...fields(c), createdAt: Date.now() });
        await claim(
          tenantId,
          canonicalIdentities(c).map(([kind, value]) => ({ customerId: id, kind, value })),
          source,
        );
      });
      return id;
    },

    /** The customer a webhook names, within this tenant only (inside a transaction, read in it). */
    async resolveRef(tenantId: string, ref: CustomerRef): Promise<string | null> {
      if (ref.id) {
        const [row] = await db.q
          .select({ id: customers.id, into: customers.mergedInto })
          .from(customers)
          .where(and(eq(customers.tenantId, tenantId), eq(customers.id, ref.id)))
          .limit(1);
        return row ? (row.into ?? row.id) : null;
      }
      // The first identity given that someone holds, in this order.
      const attempts: [IdentityKind, string | null | undefined][] = [
        ['email', ref.email && canonicalEmail(ref.email)],
        ['phone', ref.phone && canonicalPhone(ref.phone)],
        ['external', ref.externalId],
      ];
      for (const [kind, value] of attempts) {
        const id = await byIdentity(tenantId, kind, value ?? null);
        if (id) return id;
      }
      return null;
    },

    /**
     * The customer a helpdesk page shows, from every identity it gives, and the identities tried
     * (for the panel's "unknown" note). The requester id counts only on its own instance
     * (`zendesk@acme.zendesk.com:9001`). When the identities disagree — two of them held by
     * different customers, or an email that is not the matched customer's — it is a conflict,
     * never a match: the page may show another account's requester under a reused id.
     */
    async resolveRequester(tenantId: string, page: { helpdesk: string; instance: string }, r: Requester): Promise<RequesterMatch> {
      const given: { kind: IdentityKind; value: string; shown: string; masked: string }[] = [];
      const email = r.email ? canonicalEmail(r.email) : null;
      const phone = r.phone ? canonicalPhone(r.phone) : null;
      if (email) given.push({ kind: 'email', value: email, shown: r.email!, masked: maskEmail(email) });
      if (phone) given.push({ kind: 'phone', value: phone, shown: r.phone!, masked: maskPhone(phone) });
      if (r.helpdeskId) {
        const id = `${r.helpdeskId} on ${page.instance}`;
        given.push({
          kind: 'helpdesk',
          value: scopedRef(page.helpdesk, page.instance, r.helpdeskId),
          shown: `${page.helpdesk} requester ${id}`,
          masked: id,
        });
      }
      const tried = given.map((g) => g.shown);
      const held = await Promise.all(given.map((g) => byIdentity(tenantId, g.kind, g.value)));
      const holders = [...new Set(held.filter((h): h is string => !!h))];
      if (!holders.length) return { status: 'unknown', customerId: null, tried };
      // An email is the strongest thing a page shows: one that is not the matched customer's means another person.
      const emailDisagrees = email !== null && held[0] !== holders[0];
      if (holders.length === 1 && !emailDisagrees) return { status: 'known', customerId: holders[0]!, tried };
      const names = new Map(
        (
          await db.q
            .select({ id: customers.id, name: customers.name })
            .from(customers)
            .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, holders)))
        ).map((c) => [c.id, c.name]),
      );
      const identities = given.map((g, i) => ({
        kind: g.kind as PageIdentity['kind'],
        value: g.masked,
        customer: held[i] ? (names.get(held[i]!) ?? 'another customer') : null,
      }));
      const parts = identities.map(
        (p) => `${p.kind === 'helpdesk' ? 'requester' : p.kind} ${p.value} is ${p.customer ? `${p.customer}'s` : "nobody's"}`,
      );
      return {
        status: 'conflict',
        customerId: null,
        tried,
        identities,
        message: `This page's requester does not add up: ${parts.join(', ')}. No customer is shown; check the ticket's requester, and a supervisor can correct or merge the records.`,
      };
    },

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
      const [row] = await db.q
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)))
        .limit(1);
      return row ?? null;
    },

    /** Events of the last `days`, newest first: what signals are computed from. */
    async eventsSince(tenantId: string, customerId: string, since: number, limit = 500) {
      const rows = await db.q
        .select()
        .from(events)
        .where(and(eq(events.tenantId, tenantId), eq(events.customerId, customerId), gte(events.occurredAt, since)))
        .orderBy(desc(events.occurredAt))
        .limit(limit);
      return rows.map(toCustomerEvent);
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

    /**
     * Merges `from` into `into`: identities, events and tickets move; `from` is marked merged.
     * What moved is recorded, so unmerge puts exactly that back. Conflicts between the two settle.
     * Under the tenant's lock: two merges of the same customers at once cannot both pass the checks.
     */
    async merge(tenantId: string, fromId: string, intoId: string, by: string, reason: string): Promise<string> {
      if (fromId === intoId) throw new UserError(400, 'A customer cannot be merged into itself');
      return db.tx(
        async (tx) => {
          const customer = async (id: string) =>
            (
              await tx
                .select()
                .from(customers)
                .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)))
                .limit(1)
            )[0];
          const from = await customer(fromId);
          const into = await customer(intoId);
          if (!from || !into) throw notFound('Both customers must exist in your tenant');
          // An erased record holds nothing to merge, and merging would tie new data to a person who asked to be forgotten.
          if (from.erasedAt || into.erasedAt) throw new UserError(409, 'One of them was erased: an erased customer cannot be merged');
          if (from.mergedInto || into.mergedInto)
            throw new UserError(409, 'One of them is already merged into another customer: unmerge first');
          const moved = {
            identities: await tx
              .select({ kind: identities.kind, value: identities.value })
              .from(identities)
              .where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, fromId))),
            events: (
              await tx
                .select({ id: events.id })
                .from(events)
                .where(and(eq(events.tenantId, tenantId), eq(events.customerId, fromId)))
            ).map((e) => e.id),
            tickets: (
              await tx
                .select({ ref: tickets.ref })
                .from(tickets)
                .where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, fromId)))
            ).map((t) => t.ref),
            flagsAdded: from.flags.filter((f) => !into.flags.includes(f)),
          };
          await tx
            .update(identities)
            .set({ customerId: intoId })
            .where(and(eq(identities.tenantId, tenantId), eq(identities.customerId, fromId)));
          await tx
            .update(events)
            .set({ customerId: intoId })
            .where(and(eq(events.tenantId, tenantId), eq(events.customerId, fromId)));
          await tx
            .update(tickets)
            .set({ customerId: intoId })
            .where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, fromId)));
          await tx.update(customers).set({ mergedInto: intoId }).where(eq(customers.id, fromId));
          // Flags survive a merge: the record everything now points at carries both records' flags (a fraud stop is not lifted by merging).
          if (moved.flagsAdded.length)
            await tx
              .update(customers)
              .set({ flags: [...into.flags, ...moved.flagsAdded] })
              .where(eq(customers.id, intoId));
          await tx
            .update(identityConflicts)
            .set({ resolvedAt: Date.now() })
            .where(
              and(
                eq(identityConflicts.tenantId, tenantId),
                isNull(identityConflicts.resolvedAt),
                inArray(identityConflicts.heldBy, [fromId, intoId]),
                inArray(identityConflicts.claimedBy, [fromId, intoId]),
              ),
            );
          const id = randomUUID();
          await tx
            .insert(customerMerges)
            .values({ id, tenantId, fromCustomer: fromId, intoCustomer: intoId, moved, reason, mergedBy: by, mergedAt: Date.now() });
          return id;
        },
        { lock: tenantLock(tenantId) },
      );
    },

    /** Puts back exactly what the merge moved; anything that arrived since stays with `into`. Under the tenant's lock, as merge. */
    async unmerge(tenantId: string, mergeId: string, by: string): Promise<void> {
      await db.tx(
        async (tx) => {
          const [m] = await tx
            .select()
            .from(customerMerges)
            .where(and(eq(customerMerges.tenantId, tenantId), eq(customerMerges.id, mergeId)))
            .limit(1);
          if (!m) throw notFound('No such merge in your tenant');
          if (m.unmergedAt) throw new UserError(409, 'This merge was already undone');
          // Undoing it would hand an erased person's record its identities and events back.
          // The customers' own mark too: erasures from before merges were marked left `moved` as it was.
          const erased = await tx
            .select({ id: customers.id })
            .from(customers)
            .where(and(inArray(customers.id, [m.fromCustomer, m.intoCustomer]), isNotNull(customers.erasedAt)));
          if (m.moved.erasedAt || erased.length)
            throw new UserError(409, 'This merge cannot be undone: one of its customers was erased, and their data with it');
          for (const i of m.moved.identities) {
            await tx
              .update(identities)
              .set({ customerId: m.fromCustomer })
              .where(and(eq(identities.tenantId, tenantId), eq(identities.kind, i.kind as IdentityKind), eq(identities.value, i.value)));
          }
          if (m.moved.events.length)
            await tx
              .update(events)
              .set({ customerId: m.fromCustomer })
              .where(and(eq(events.tenantId, tenantId), inArray(events.id, m.moved.events)));
          if (m.moved.tickets.length)
            await tx
              .update(tickets)
              .set({ customerId: m.fromCustomer })
              .where(and(eq(tickets.tenantId, tenantId), inArray(tickets.ref, m.moved.tickets)));
          await tx.update(customers).set({ mergedInto: null }).where(eq(customers.id, m.fromCustomer));
          // The flags the merge brought go back with their record (`from` kept its own all along).
          if (m.moved.flagsAdded?.length) {
            const [into] = await tx.select({ flags: customers.flags }).from(customers).where(eq(customers.id, m.intoCustomer));
            await tx
              .update(customers)
              .set({ flags: into!.flags.filter((f) => !m.moved.flagsAdded!.includes(f)) })
              .where(eq(customers.id, m.intoCustomer));
          }
          await tx.update(customerMerges).set({ unmergedAt: Date.now(), unmergedBy: by }).where(eq(customerMerges.id, mergeId));
        },
        { lock: tenantLock(tenantId) },
      );
    },

    async merges(tenantId: string, customerId: string) {
      return db.q
        .select()
        .from(customerMerges)
        .where(and(eq(customerMerges.tenantId, tenantId), eq(customerMerges.intoCustomer, customerId)))
        .orderBy(asc(customerMerges.mergedAt));
    },
  };
}
export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
