import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database';
import type { IdentityKind, IdentityStore } from './identities';

/** Linking an unknown requester to a customer an agent picked: the reads and the one write it takes. */
export function createCustomerLink(db: Database, { holders }: IdentityStore) {
  const { customers, identities, interactions } = db.t;
  return {
    /** This agent's interaction, still open: the ticket a link comes from. */
    async openTicketOf(tenantId: string, userId: string, interactionId: string) {
      const [row] = await db.q
        .select({ helpdesk: interactions.helpdesk, instance: interactions.instance, ticketId: interactions.ticketId })
        .from(interactions)
        .where(
          and(
            eq(interactions.id, interactionId),
            eq(interactions.tenantId, tenantId),
            eq(interactions.userId, userId),
            isNull(interactions.closedAt),
          ),
        )
        .limit(1);
      return row ?? null;
    },

    /** A customer of this tenant one may link to: not merged into another, not erased. */
    async linkable(tenantId: string, customerId: string): Promise<{ id: string; name: string } | null> {
      const [row] = await db.q
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(
          and(eq(customers.tenantId, tenantId), eq(customers.id, customerId), isNull(customers.mergedInto), isNull(customers.erasedAt)),
        )
        .limit(1);
      return row ?? null;
    },

    /** Who holds these identities now, by id and name (those nobody holds are left out). */
    async heldBy(tenantId: string, wanted: { kind: IdentityKind; value: string }[]) {
      const held = wanted.length ? await holders(tenantId, wanted) : [];
      const ids = [...new Set(held.map((h) => h.customerId))];
      const names = new Map(
        ids.length
          ? (
              await db.q
                .select({ id: customers.id, name: customers.name })
                .from(customers)
                .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))
            ).map((c) => [c.id, c.name])
          : [],
      );
      return held.map((h) => ({ ...h, name: names.get(h.customerId) ?? 'another customer' }));
    },

    /**
     * Adds identities nobody holds to the customer; returns those it added. The insert decides:
     * one another request took meanwhile is not added (and not moved), so the caller sees the shortfall.
     */
    async addIdentities(tenantId: string, customerId: string, add: { kind: IdentityKind; value: string }[]) {
      if (!add.length) return [];
      return db.tx((tx) =>
        tx
          .insert(identities)
          .values(add.map((a) => ({ tenantId, customerId, ...a })))
          .onConflictDoNothing()
          .returning({ kind: identities.kind, value: identities.value }),
      );
    },
  };
}
