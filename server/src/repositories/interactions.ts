import { and, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';

/** An agent's time on a ticket; the resolution log will measure handle time from it. */
export function createInteractionsRepository(db: Database) {
  const { interactions } = db.t;
  return {
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
    async close(tenantId: string, userId: string, id: string): Promise<boolean> {
      const closed = await db.tx((tx) =>
        tx
          .update(interactions)
          .set({ closedAt: Date.now() })
          .where(
            and(
              eq(interactions.id, id),
              eq(interactions.tenantId, tenantId),
              eq(interactions.userId, userId),
              isNull(interactions.closedAt),
            ),
          )
          .returning({ id: interactions.id }),
      );
      return closed.length === 1;
    },
  };
}
export type InteractionsRepository = ReturnType<typeof createInteractionsRepository>;
