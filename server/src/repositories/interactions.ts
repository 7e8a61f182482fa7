import { and, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { interactions } from '../db/schema.sqlite';

/** An agent's time on a ticket; the resolution log will measure handle time from it. */
export function createInteractionsRepository(db: Db) {
  return {
    async open(i: { tenantId: string; userId: string; customerId: string | null; helpdesk: string; ticketId: string }): Promise<string> {
      const id = randomUUID();
      db.insert(interactions).values({ id, ...i, openedAt: Date.now() }).run();
      return id;
    },
    async close(tenantId: string, userId: string, id: string): Promise<boolean> {
      const res = db
        .update(interactions)
        .set({ closedAt: Date.now() })
        .where(and(eq(interactions.id, id), eq(interactions.tenantId, tenantId), eq(interactions.userId, userId), isNull(interactions.closedAt)))
        .run();
      return res.changes === 1;
    },
  };
}
export type InteractionsRepository = ReturnType<typeof createInteractionsRepository>;
