import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { tenantLock, type Database } from '../db/database';
import type { StoredEntry } from '../log/chain';

/** Entries read per query: a million-entry log never sits in memory at once. */
const PAGE = 2_000;

/** The log as stored, read for its verification (log/verify.ts): the head, the entries in order, and any past the head. */
export function createLogChainRepository(db: Database) {
  const { resolutionLog: l, tenants } = db.t;
  return {
    async head(tenantId: string): Promise<{ seq: number; hash: string | null; retentionDays: number | null } | undefined> {
      // In a transaction: on SQLite's one connection a bare read could see an append still in flight, which may yet roll back.
      const [t] = await db.tx((q) =>
        q
          .select({ seq: tenants.logHeadSeq, hash: tenants.logHeadHash, retentionDays: tenants.retentionDays })
          .from(tenants)
          .where(eq(tenants.id, tenantId)),
      );
      return t;
    },

    /**
     * The tenant's entries up to `upTo`, in sequence order, read a page at a time by seq (keyset:
     * each page starts after the last seq seen). The first page has no lower bound, so an entry
     * slipped in below seq 1 is still seen.
     */
    async *entries(tenantId: string, upTo: number, pageSize = PAGE): AsyncGenerator<StoredEntry[]> {
      const columns = {
        seq: l.seq,
        id: l.id,
        idempotencyKey: l.idempotencyKey,
        requestHash: l.requestHash,
        kind: l.kind,
        refId: l.refId,
        customerId: l.customerId,
        ticketRef: l.ticketRef,
        agentId: l.agentId,
        payload: l.payload,
        payloadDigest: l.payloadDigest,
        prevHash: l.prevHash,
        hash: l.hash,
        createdAt: l.createdAt,
        prunedAt: l.prunedAt,
      };
      const read = (last: number | null) =>
        db.q
          .select(columns)
          .from(l)
          .where(and(eq(l.tenantId, tenantId), last === null ? undefined : gt(l.seq, last), lte(l.seq, upTo)))
          .orderBy(asc(l.seq))
          .limit(pageSize)
          .then((rows) => rows);
      // The next page is asked for before this one is handed over: on PostgreSQL it arrives while this one is checked.
      for (let next = read(null); ; ) {
        const page = await next;
        const full = page.length === pageSize;
        if (full) {
          next = read(page.at(-1)!.seq);
          next.catch(() => {}); // abandoned when the walk stops early: its failure is nobody's to hear
        }
        yield page;
        if (!full) return;
      }
    },

    /** The first entry past the tenant's head as it is now, read under the tenant's lock (so an append in flight is not one). */
    async firstPastHead(tenantId: string): Promise<{ seq: number } | undefined> {
      const [outside] = await db.tx(
        (q) =>
          q
            .select({ seq: l.seq })
            .from(l)
            .innerJoin(tenants, eq(tenants.id, l.tenantId))
            .where(and(eq(l.tenantId, tenantId), gt(l.seq, tenants.logHeadSeq)))
            .orderBy(asc(l.seq))
            .limit(1),
        { lock: tenantLock(tenantId) },
      );
      return outside;
    },
  };
}
