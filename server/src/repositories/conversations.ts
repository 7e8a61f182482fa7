import { and, asc, eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db } from '../db/open';
import { conversationScores } from '../db/schema.sqlite';
import { scoreMessage } from '../signals/sentiment';

/** Sentiment per ticket conversation: each customer message scored once, kept in order. */
export function createConversationsRepository(db: Db) {
  return {
    /** Scores the messages not seen before; returns the ticket's scores, oldest first. */
    async addMessages(tenantId: string, customerId: string, ticketRef: string, messages: { text: string; at?: string }[]): Promise<number[]> {
      const now = Date.now();
      db.transaction((tx) => {
        messages.forEach((m, i) => {
          const messageHash = createHash('sha256').update(m.text).digest('hex');
          const at = m.at ? Date.parse(m.at) : now - (messages.length - i);
          tx.insert(conversationScores).values({ tenantId, customerId, ticketRef, messageHash, at, score: scoreMessage(m.text) }).onConflictDoNothing().run();
        });
      });
      return this.scores(tenantId, ticketRef);
    },
    async scores(tenantId: string, ticketRef: string): Promise<number[]> {
      return db
        .select({ score: conversationScores.score })
        .from(conversationScores)
        .where(and(eq(conversationScores.tenantId, tenantId), eq(conversationScores.ticketRef, ticketRef)))
        .orderBy(asc(conversationScores.at))
        .all()
        .map((r) => r.score);
    },
  };
}
