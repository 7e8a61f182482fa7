import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import type { Database } from '../db/database';
import type { LogSettings } from '@shared/schemas/log-settings';
import type { Checkpoint } from '../log/checkpoint';
import type { ChainFields } from '../log/chain';

/** The log's signed checkpoints as the server keeps them (the copies that count are published outside: log/publish.ts). */
export function createCheckpointRepository(db: Database) {
  const { logCheckpoints: c, resolutionLog: l, tenants } = db.t;
  const columns = { tenantId: c.tenantId, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId, signature: c.signature };
  const cadence = async (tenantId: string): Promise<LogSettings> => {
    const [row] = await db.q
      .select({ checkpointEveryEntries: tenants.checkpointEveryEntries, checkpointEveryMinutes: tenants.checkpointEveryMinutes })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    return row!;
  };
  return {
    async latest(tenantId: string): Promise<Checkpoint | null> {
      const [row] = await db.q.select(columns).from(c).where(eq(c.tenantId, tenantId)).orderBy(desc(c.seq)).limit(1);
      return row ?? null;
    },

    async list(tenantId: string, afterSeq = 0, limit = 1000): Promise<Checkpoint[]> {
      return db.q
        .select(columns)
        .from(c)
        .where(and(eq(c.tenantId, tenantId), gt(c.seq, afterSeq)))
        .orderBy(asc(c.seq))
        .limit(limit);
    },

    /** False when that seq was checkpointed already (another process got there first): it is published once. */
    async store(cp: Checkpoint): Promise<boolean> {
      const rows = await db.tx((tx) => tx.insert(c).values(cp).onConflictDoNothing().returning({ seq: c.seq }));
      return rows.length > 0;
    },

    /** The tenant's checkpoint cadence. */
    cadence,

    /** Sets the cadence; returns the one it replaced. Call inside the transaction that audits the change. */
    async setCadence(tenantId: string, next: LogSettings): Promise<LogSettings> {
      return db.tx(async (tx) => {
        const before = await cadence(tenantId);
        await tx.update(tenants).set(next).where(eq(tenants.id, tenantId));
        return before;
      });
    },

    /** Each tenant's head and checkpoint cadence. */
    async heads() {
      return db.tx((q) =>
        q
          .select({
            tenantId: tenants.id,
            seq: tenants.logHeadSeq,
            hash: tenants.logHeadHash,
            everyEntries: tenants.checkpointEveryEntries,
            everyMinutes: tenants.checkpointEveryMinutes,
          })
          .from(tenants),
      );
    },

    /** Entries after `from` up to `to`, in order: what a new checkpoint must be checked against before it is signed. */
    async entries(tenantId: string, from: number, to: number): Promise<(ChainFields & { hash: string })[]> {
      return db.q
        .select({
          seq: l.seq,
          id: l.id,
          idempotencyKey: l.idempotencyKey,
          requestHash: l.requestHash,
          kind: l.kind,
          refId: l.refId,
          customerId: l.customerId,
          ticketRef: l.ticketRef,
          agentId: l.agentId,
          payloadDigest: l.payloadDigest,
          prevHash: l.prevHash,
          createdAt: l.createdAt,
          hash: l.hash,
        })
        .from(l)
        .where(and(eq(l.tenantId, tenantId), gt(l.seq, from), lte(l.seq, to)))
        .orderBy(asc(l.seq));
    },
  };
}
export type CheckpointRepository = ReturnType<typeof createCheckpointRepository>;
