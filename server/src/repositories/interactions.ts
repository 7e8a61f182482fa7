import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';

/** A contact: an agent's openings of one ticket within a day of the first (contactOf; the QA report groups by it too). */
export const CONTACT_WINDOW_MS = 86_400_000;

/** An agent's time on a ticket; the resolution log will measure handle time from it. */
export function createInteractionsRepository(db: Database) {
  const { interactions } = db.t;
  /** This user's interaction `id` in the tenant. */
  const theirs = (tenantId: string, userId: string, id: string) =>
    and(eq(interactions.id, id), eq(interactions.tenantId, tenantId), eq(interactions.userId, userId));
  // Asked of every grant, request, resolution and offer answer that names an interaction.
  const owned = db.prepared('interactions.owned', (q) =>
    q
      .select({
        id: interactions.id,
        customerId: interactions.customerId,
        helpdesk: interactions.helpdesk,
        instance: interactions.instance,
        ticketId: interactions.ticketId,
      })
      .from(interactions)
      .where(
        and(
          eq(interactions.id, sql.placeholder('id')),
          eq(interactions.tenantId, sql.placeholder('tenantId')),
          eq(interactions.userId, sql.placeholder('userId')),
        ),
      )
      .limit(1),
  );
  /** The agent's first opening of this ticket since `since` (and until `until`): where a resolution draft starts. */
  async function firstOpenedSince(
    tenantId: string,
    userId: string,
    t: { helpdesk: string; instance: string; ticketId: string },
    since: number,
    until = Number.MAX_SAFE_INTEGER,
  ) {
    const [first] = await db.q
      .select()
      .from(interactions)
      .where(
        and(
          eq(interactions.tenantId, tenantId),
          eq(interactions.userId, userId),
          eq(interactions.helpdesk, t.helpdesk),
          eq(interactions.instance, t.instance),
          eq(interactions.ticketId, t.ticketId),
          gte(interactions.openedAt, since),
          lte(interactions.openedAt, until),
        ),
      )
      .orderBy(asc(interactions.openedAt), asc(interactions.id))
      .limit(1);
    return first ?? null;
  }
  return {
    /** One of this user's interactions (open or closed) in the tenant, with the customer and ticket it was opened for; null when not theirs. */
    async own(
      tenantId: string,
      userId: string,
      id: string,
    ): Promise<{ customerId: string | null; helpdesk: string; instance: string | null; ticketId: string } | null> {
      return (await owned({ tenantId, userId, id }))[0] ?? null;
    },
    async open(i: {
      tenantId: string;
      userId: string;
      customerId: string | null;
      helpdesk: string;
      instance: string;
      ticketId: string;
    }): Promise<string> {
      const id = randomUUID();
      await db.tx((tx) => tx.insert(interactions).values({ id, ...i, openedAt: Date.now() }));
      return id;
    },
    /**
     * The contact an interaction belongs to: the same agent's first opening of the same ticket in
     * the day before it (a reconnect or a refresh opens the ticket again, under a new id). Its id,
     * or the interaction's own when it is the first; null when the interaction is not this user's.
     */
    async contactOf(tenantId: string, userId: string, id: string): Promise<string | null> {
      const [i] = await db.q
        .select()
        .from(interactions)
        .where(theirs(tenantId, userId, id))
        .limit(1);
      if (!i) return null;
      if (i.instance === null) return id;
      const t = { helpdesk: i.helpdesk, instance: i.instance, ticketId: i.ticketId };
      return (await firstOpenedSince(tenantId, userId, t, i.openedAt - CONTACT_WINDOW_MS, i.openedAt))?.id ?? id;
    },
    firstOpenedSince,
    /** The instance of this agent's interaction on that ticket, if it has one. */
    async instanceOf(tenantId: string, userId: string, id: string, t: { helpdesk: string; ticketId: string }): Promise<string | null> {
      const [i] = await db.q
        .select({ instance: interactions.instance })
        .from(interactions)
        .where(
          and(
            eq(interactions.id, id),
            eq(interactions.tenantId, tenantId),
            eq(interactions.userId, userId),
            eq(interactions.helpdesk, t.helpdesk),
            eq(interactions.ticketId, t.ticketId),
          ),
        )
        .limit(1);
      return i?.instance || null;
    },
    /** The customer an unknown requester was linked to (customer:link): the interaction is that customer's ticket from now on. */
    async linkCustomer(tenantId: string, userId: string, id: string, customerId: string): Promise<void> {
      await db.tx((tx) =>
        tx
          .update(interactions)
          .set({ customerId })
          .where(and(theirs(tenantId, userId, id), isNull(interactions.customerId))),
      );
    },
    async close(tenantId: string, userId: string, id: string): Promise<boolean> {
      const closed = await db.tx((tx) =>
        tx
          .update(interactions)
          .set({ closedAt: Date.now() })
          .where(and(theirs(tenantId, userId, id), isNull(interactions.closedAt)))
          .returning({ id: interactions.id }),
      );
      return closed.length === 1;
    },
  };
}
export type InteractionsRepository = ReturnType<typeof createInteractionsRepository>;
