import { and, asc, count, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { LoggedResolution } from '@shared/schemas/context';
import type { LogReceipt, VerifyReport } from '@shared/schemas/resolutions';
import { tenantLock, type Database } from '../db/database';
import type { resolutionLog } from '../db/schema.sqlite';
import { entryHash, GENESIS, sha256 } from '../log/chain';
import { effectiveRetention, retentionFloor } from '../log/retention';
import { isSealed, newDataKey, open, seal, unwrapKey, wrapKey, type Sealed } from '../log/crypto';
import { verifyLog } from '../log/verify';
import { assertSameRequest, type ScopedKey } from '../idempotency';

export interface NewEntry {
  /** The author's key (actorKey) or one the server made (serverKey). */
  idempotencyKey: ScopedKey;
  /** For a client's key: the request it came with (requestHash), so a reused key with another body is refused. */
  requestHash?: string | null;
  kind: LogEntry['kind'];
  refId?: string | null;
  customerId?: string | null;
  ticketRef?: string | null;
  agentId?: string | null;
  /** Stored as is (not personal). */
  data: Record<string, unknown>;
  /** Personal fields: sealed under the customer's key (null once the customer is erased). */
  personal?: Record<string, string>;
}

export type LogEntry = typeof resolutionLog.$inferSelect;

/** Null when the field was sealed under another key: one destroyed by an erasure, the customer having a new one since. */
function openOrNull(key: Buffer, sealed: Sealed): string | null {
  try {
    return open(key, sealed);
  } catch {
    return null;
  }
}

/** The append-only, hash-chained log of resolutions and what attaches to them. */
export function createLogRepository(db: Database, masterKey: Buffer) {
  const { customerKeys, resolutionLog, tenants } = db.t;

  /**
   * Unwrapped keys of recently seen customers, by the wrapped key stored for them. The stored
   * row is read on every use and decides: a key destroyed by another process, or created in a
   * transaction that rolled back, is never used from here. Only keys read back from the
   * database are remembered, never one just created (its transaction may still roll back).
   */
  const keys = new Map<string, { wrapped: string; key: Buffer }>();
  function unwrap(customerId: string, wrapped: string, remember: boolean): Buffer {
    const cached = keys.get(customerId);
    if (cached?.wrapped === wrapped) return cached.key;
    const key = unwrapKey(masterKey, wrapped);
    if (remember) {
      if (keys.size >= 10_000) keys.delete(keys.keys().next().value!);
      keys.set(customerId, { wrapped, key });
    }
    return key;
  }
  async function storedKey(tenantId: string, customerId: string): Promise<string | null> {
    const [row] = await db.q
      .select({ wrapped: customerKeys.wrappedKey })
      .from(customerKeys)
      .where(and(eq(customerKeys.customerId, customerId), eq(customerKeys.tenantId, tenantId)))
      .limit(1);
    return row?.wrapped ?? null;
  }
  /** The customer's key, created if they have none yet; called inside the append's transaction. */
  async function keyForSealing(tenantId: string, customerId: string): Promise<Buffer> {
    const wrapped = await storedKey(tenantId, customerId);
    if (wrapped) return unwrap(customerId, wrapped, true);
    // Another process may create one at the same moment: the first stored wins, and that is the one used.
    await db.q
      .insert(customerKeys)
      .values({ customerId, tenantId, wrappedKey: wrapKey(masterKey, newDataKey()), createdAt: Date.now() })
      .onConflictDoNothing();
    return unwrap(customerId, (await storedKey(tenantId, customerId))!, false);
  }

  const first = async (where: ReturnType<typeof and>, order = asc(resolutionLog.seq)): Promise<LogEntry | null> =>
    (await db.q.select().from(resolutionLog).where(where).orderBy(order).limit(1))[0] ?? null;

  return {
    /**
     * Appends once per idempotency key. Reading the head, inserting the entry and moving the
     * head are one transaction under the tenant's lock: concurrent appends, in any process,
     * form one chain, and a crash leaves either the whole entry or none of it.
     */
    async append(tenantId: string, e: NewEntry): Promise<LogReceipt> {
      return db.tx(
        async (tx) => {
          const [existing] = await tx
            .select()
            .from(resolutionLog)
            .where(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.idempotencyKey, e.idempotencyKey)))
            .limit(1);
          if (existing && e.requestHash) assertSameRequest(existing.requestHash, e.requestHash);
          if (existing) return { status: 'duplicate' as const, id: existing.id, seq: existing.seq, hash: existing.hash };
          const [head] = await tx
            .select({ seq: tenants.logHeadSeq, hash: tenants.logHeadHash })
            .from(tenants)
            .where(eq(tenants.id, tenantId));
          const key = e.customerId && e.personal ? await keyForSealing(tenantId, e.customerId) : null;
          const sealed: Record<string, Sealed | null> = {};
          for (const [k, v] of Object.entries(e.personal ?? {})) sealed[k] = key ? seal(key, v) : null;
          const payload = JSON.stringify({ ...e.data, ...sealed });
          const fields = {
            seq: head!.seq + 1,
            id: randomUUID(),
            idempotencyKey: e.idempotencyKey as string,
            requestHash: e.requestHash ?? null,
            kind: e.kind,
            refId: e.refId ?? null,
            customerId: e.customerId ?? null,
            ticketRef: e.ticketRef ?? null,
            agentId: e.agentId ?? null,
            payloadDigest: sha256(payload),
            prevHash: head!.hash ?? GENESIS,
            createdAt: Date.now(),
          };
          const hash = entryHash(fields);
          await tx.insert(resolutionLog).values({ ...fields, tenantId, payload, hash, prunedAt: null });
          await tx.update(tenants).set({ logHeadSeq: fields.seq, logHeadHash: hash }).where(eq(tenants.id, tenantId));
          return { status: 'stored' as const, id: fields.id, seq: fields.seq, hash };
        },
        { lock: tenantLock(tenantId) },
      );
    },

    /** Entry payload with personal fields opened where the key still exists, "[erased]" otherwise. */
    async readPayload(tenantId: string, entry: LogEntry): Promise<Record<string, unknown> | null> {
      if (entry.payload === null) return null;
      const data = JSON.parse(entry.payload) as Record<string, unknown>;
      const wrapped = entry.customerId ? await storedKey(tenantId, entry.customerId) : null;
      // Not remembered: outside a transaction, SQLite's one connection may show a key whose transaction is still open.
      const key = wrapped ? unwrap(entry.customerId!, wrapped, false) : null;
      for (const [k, v] of Object.entries(data)) if (isSealed(v)) data[k] = (key && openOrNull(key, v)) ?? '[erased]';
      return data;
    },

    async byTicket(tenantId: string, ticketRef: string, kind: LogEntry['kind'] = 'resolution'): Promise<LogEntry | null> {
      return first(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.ticketRef, ticketRef), eq(resolutionLog.kind, kind)));
    },

    /** The ticket's resolution under any of its forms (sameTicketRefs), whoever logged it: the ticket is resolved once. */
    async resolutionOfTicket(tenantId: string, refs: readonly string[]): Promise<LoggedResolution | null> {
      if (!refs.length) return null;
      const e = await first(
        and(eq(resolutionLog.tenantId, tenantId), inArray(resolutionLog.ticketRef, [...refs]), eq(resolutionLog.kind, 'resolution')),
      );
      return e && { status: 'stored', id: e.id, seq: e.seq, hash: e.hash, at: new Date(e.createdAt).toISOString() };
    },

    async byId(tenantId: string, id: string): Promise<LogEntry | null> {
      return first(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.id, id)));
    },

    /** The customer's latest resolution, for repeat contacts. */
    async latestResolutionOf(tenantId: string, customerId: string): Promise<LogEntry | null> {
      return first(
        and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.customerId, customerId), eq(resolutionLog.kind, 'resolution')),
        desc(resolutionLog.seq),
      );
    },

    async byIdempotencyKey(tenantId: string, key: ScopedKey): Promise<LogEntry | null> {
      return first(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.idempotencyKey, key)));
    },

    /** Streamed a page at a time: a million entries never sit in memory at once. */
    async verify(tenantId: string, now = Date.now()): Promise<VerifyReport> {
      return verifyLog(db, tenantId, now);
    },

    /** Destroys the customer's data key: their sealed fields become unreadable for good. */
    async destroyKey(tenantId: string, customerId: string) {
      keys.delete(customerId);
      await db.tx((tx) => tx.delete(customerKeys).where(and(eq(customerKeys.customerId, customerId), eq(customerKeys.tenantId, tenantId))));
    },

    /** Retention: entries older than the tenant's period lose their payload; hashes and digests stay. */
    async prune(tenantId: string, now = Date.now()): Promise<number> {
      // Counted then updated under the tenant's lock, so the count is what this call pruned (no row list comes back).
      return db.tx(
        async (tx) => {
          const [t] = await tx.select({ days: tenants.retentionDays }).from(tenants).where(eq(tenants.id, tenantId));
          // Never sooner than the tenant's floor, whatever the stored period says.
          const days = effectiveRetention(t?.days ?? null, (await retentionFloor(db, tenantId, now)).days);
          if (!days) return 0;
          const due = and(
            eq(resolutionLog.tenantId, tenantId),
            lte(resolutionLog.createdAt, now - days * 86_400_000),
            isNull(resolutionLog.prunedAt),
          );
          const [{ n }] = (await tx.select({ n: count() }).from(resolutionLog).where(due)) as [{ n: number }];
          if (n > 0) await tx.update(resolutionLog).set({ payload: null, prunedAt: now }).where(due);
          return n;
        },
        { lock: tenantLock(tenantId) },
      );
    },

    async setRetention(tenantId: string, days: number | null) {
      await db.tx((tx) => tx.update(tenants).set({ retentionDays: days }).where(eq(tenants.id, tenantId)));
    },
  };
}
export type LogRepository = ReturnType<typeof createLogRepository>;
