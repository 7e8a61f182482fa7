import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { customersLock, tenantLock, type Database } from '../../db/database';
import { UserError, notFound } from '../../errors';
import type { IdentityKind } from './identities';

/** Merging two records of one person, undoing it, and the history of both. */
export function createCustomerMerges(db: Database) {
  const { customerMerges, customers, events, identities, identityConflicts, tickets } = db.t;
  return {
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
          // Their events changed hands: each summary is built again from the events on its next use.
          await tx
            .update(customers)
            .set({ signalSummary: null })
            .where(inArray(customers.id, [fromId, intoId]));
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
        { lock: tenantLock(tenantId), locks: [{ key: customersLock(tenantId) }] },
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
          await tx
            .update(customers)
            .set({ signalSummary: null })
            .where(inArray(customers.id, [m.fromCustomer, m.intoCustomer]));
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
        { lock: tenantLock(tenantId), locks: [{ key: customersLock(tenantId) }] },
      );
    },

    /** One merge of the tenant's, done or undone; undefined when there is none. */
    async mergeById(tenantId: string, mergeId: string) {
      const [m] = await db.q
        .select()
        .from(customerMerges)
        .where(and(eq(customerMerges.tenantId, tenantId), eq(customerMerges.id, mergeId)))
        .limit(1);
      return m;
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
