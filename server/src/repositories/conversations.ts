import { and, asc, eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Database } from '../db/database';
import { scoreMessage } from '../signals/sentiment';

/** Sentiment per ticket conversation: each customer message scored once, kept in order. */
export function createConversationsRepository(db: Database) {
  const { conversationScores } = db.t;
  return {
    /** Scores the messages not seen before; returns the ticket's scores, oldest first. */
    async addMessages(
      tenantId: string,
      customerId: string,
      ticketRef: string,
      messages: { text: string; at?: string }[],
    ): Promise<number[]> {
      const now = Date.now();
      const rows = messages.map((m, i) => ({
        tenantId,
        customerId,
        ticketRef,
        messageHash: createHash('sha256').update(m.text).digest('hex'),
        at: m.at ? Date.parse(m.at) : now - (messages.length - i),
        score: scoreMessage(m.text),
      }));
      if (rows.length) await db.tx((tx) => tx.insert(conversationScores).values(rows).onConflictDoNothing());
      return this.scores(tenantId, ticketRef);
    },
    async scores(tenantId: string, ticketRef: string): Promise<number[]> {
      const rows = await db.q
        .select({ score: conversationScores.score })
        .from(conversationScores)
        .where(and(eq(conversationScores.tenantId, tenantId), eq(conversationScores.ticketRef, ticketRef)))
        .orderBy(asc(conversationScores.at));
      return rows.map((r) => r.score);
    },
  };
}
