import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { LogReceipt, VerifyReport } from '../../../shared/schemas/resolutions';
import type { Db } from '../db/open';
import { customerKeys, resolutionLog, tenants } from '../db/schema.sqlite';
import { entryHash, GENESIS, sha256 } from '../log/chain';
import { isSealed, newDataKey, open, seal, unwrapKey, wrapKey, type Sealed } from '../log/crypto';
import { verifyChain, type StoredEntry } from '../log/verify';

export interface NewEntry {
  idempotencyKey: string;
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

/** The append-only, hash-chained log of resolutions and what attaches to them. */
export function createLogRepository(db: Db, masterKey: Buffer) {
  // Unwrapped keys of recently seen customers; erasure drops the entry with the stored key.
  const keys = new Map<string, Buffer>();
  function keyOf(tenantId: string, customerId: string, create: boolean): Buffer | null {
    const cached = keys.get(customerId);
    if (cached) return cached;
    const key = loadKey(tenantId, customerId, create);
    if (key) {
      if (keys.size >= 10_000) keys.delete(keys.keys().next().value!);
      keys.set(customerId, key);
    }
    return key;
  }
  function loadKey(tenantId: string, customerId: string, create: boolean): Buffer | null {
    const row = db.select().from(customerKeys).where(and(eq(customerKeys.customerId, customerId), eq(customerKeys.tenantId, tenantId))).get();
    if (row) return unwrapKey(masterKey, row.wrappedKey);
    if (!create) return null;
    const key = newDataKey();
    db.insert(customerKeys).values({ customerId, tenantId, wrappedKey: wrapKey(masterKey, key), createdAt: Date.now() }).run();
    return key;
  }

  return {
    /**
     * Appends once per idempotency key. Reading the head, inserting the entry and moving the
     * head are one IMMEDIATE transaction: concurrent appends form one chain, and a crash
     * leaves either the whole entry or none of it.
     */
    async append(tenantId: string, e: NewEntry): Promise<LogReceipt> {
      return db.transaction(
        (tx) => {
          const existing = tx.select().from(resolutionLog).where(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.idempotencyKey, e.idempotencyKey))).get();
          if (existing) return { status: 'duplicate' as const, id: existing.id, seq: existing.seq, hash: existing.hash };
          const head = tx.select({ seq: tenants.logHeadSeq, hash: tenants.logHeadHash }).from(tenants).where(eq(tenants.id, tenantId)).get()!;
          const key = e.customerId && e.personal ? keyOf(tenantId, e.customerId, true) : null;
          const sealed: Record<string, Sealed | null> = {};
          for (const [k, v] of Object.entries(e.personal ?? {})) sealed[k] = key ? seal(key, v) : null;
          const payload = JSON.stringify({ ...e.data, ...sealed });
          const fields = {
            seq: head.seq + 1,
            id: randomUUID(),
            kind: e.kind,
            refId: e.refId ?? null,
            customerId: e.customerId ?? null,
            ticketRef: e.ticketRef ?? null,
            agentId: e.agentId ?? null,
            payloadDigest: sha256(payload),
            prevHash: head.hash ?? GENESIS,
            createdAt: Date.now(),
          };
          const hash = entryHash(fields);
          tx.insert(resolutionLog).values({ ...fields, tenantId, idempotencyKey: e.idempotencyKey, payload, hash, prunedAt: null }).run();
          tx.update(tenants).set({ logHeadSeq: fields.seq, logHeadHash: hash }).where(eq(tenants.id, tenantId)).run();
          return { status: 'stored' as const, id: fields.id, seq: fields.seq, hash };
        },
        { behavior: 'immediate' },
      );
    },

    /** Entry payload with personal fields opened where the key still exists, "[erased]" otherwise. */
    readPayload(tenantId: string, entry: LogEntry): Record<string, unknown> | null {
      if (entry.payload === null) return null;
      const data = JSON.parse(entry.payload) as Record<string, unknown>;
      const key = entry.customerId ? keyOf(tenantId, entry.customerId, false) : null;
      for (const [k, v] of Object.entries(data)) if (isSealed(v) || v === null) data[k] = key && isSealed(v) ? open(key, v) : v === null ? null : '[erased]';
      return data;
    },

    async byTicket(tenantId: string, ticketRef: string, kind: LogEntry['kind'] = 'resolution'): Promise<LogEntry | null> {
      return (
        db
          .select()
          .from(resolutionLog)
          .where(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.ticketRef, ticketRef), eq(resolutionLog.kind, kind)))
          .orderBy(asc(resolutionLog.seq))
          .limit(1)
          .get() ?? null
      );
    },

    async byId(tenantId: string, id: string): Promise<LogEntry | null> {
      return db.select().from(resolutionLog).where(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.id, id))).get() ?? null;
    },

    /** The customer's latest resolution, for repeat contacts. */
    async latestResolutionOf(tenantId: string, customerId: string): Promise<LogEntry | null> {
      return (
        db
          .select()
          .from(resolutionLog)
          .where(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.customerId, customerId), eq(resolutionLog.kind, 'resolution')))
          .orderBy(desc(resolutionLog.seq))
          .limit(1)
          .get() ?? null
      );
    },

    async byIdempotencyKey(tenantId: string, key: string): Promise<LogEntry | null> {
      return db.select().from(resolutionLog).where(and(eq(resolutionLog.tenantId, tenantId), eq(resolutionLog.idempotencyKey, key))).get() ?? null;
    },

    async verify(tenantId: string, now = Date.now()): Promise<VerifyReport> {
      const t = db.select({ seq: tenants.logHeadSeq, hash: tenants.logHeadHash, retentionDays: tenants.retentionDays }).from(tenants).where(eq(tenants.id, tenantId)).get()!;
      // Streamed row by row: a million entries never sit in memory at once.
      const rows = db.$client
        .prepare(
          `select seq, id, kind, ref_id as refId, customer_id as customerId, ticket_ref as ticketRef, agent_id as agentId, payload, payload_digest as payloadDigest,
                  prev_hash as prevHash, hash, created_at as createdAt, pruned_at as prunedAt
           from resolution_log where tenant_id = ? order by seq`,
        )
        .iterate(tenantId) as Iterable<StoredEntry>;
      return verifyChain(tenantId, rows, { seq: t.seq, hash: t.hash }, { retentionDays: t.retentionDays, now });
    },

    /** Destroys the customer's data key: their sealed fields become unreadable for good. */
    destroyKey(tenantId: string, customerId: string) {
      keys.delete(customerId);
      db.delete(customerKeys).where(and(eq(customerKeys.customerId, customerId), eq(customerKeys.tenantId, tenantId))).run();
    },

    /** Retention: entries older than the tenant's period lose their payload; hashes and digests stay. */
    async prune(tenantId: string, now = Date.now()): Promise<number> {
      const t = db.select({ days: tenants.retentionDays }).from(tenants).where(eq(tenants.id, tenantId)).get();
      if (!t?.days) return 0;
      return db
        .update(resolutionLog)
        .set({ payload: null, prunedAt: now })
        .where(and(eq(resolutionLog.tenantId, tenantId), lte(resolutionLog.createdAt, now - t.days * 86_400_000), isNull(resolutionLog.prunedAt)))
        .run().changes;
    },

    async setRetention(tenantId: string, days: number | null) {
      db.update(tenants).set({ retentionDays: days }).where(eq(tenants.id, tenantId)).run();
    },
  };
}
export type LogRepository = ReturnType<typeof createLogRepository>;
