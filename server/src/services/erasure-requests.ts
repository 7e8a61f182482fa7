/**
 * Erasure requests: filed with a deadline from the tenant's setting, listed with where they stand,
 * and carried out with a receipt stored in the erasure's own transaction. Every erasure, requested
 * or done directly, ends with an erased request and its receipt. Receipts and listings name
 * customers by id only: the name or an identity value would outlive the erasure there.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ErasureReceipt, ErasureRequest, NewErasureRequest } from '@shared/schemas/erasure';
import { customersLock, tenantLock } from '../db/database';
import { notFound } from '../errors';
import type { Principal } from '../plugins/app/auth';
import { eraseCustomer } from './erasure';
import { ERASURE_FILED as FILED } from '../repositories/erasure';

const DAY = 86_400_000;
type Row = Awaited<ReturnType<FastifyInstance['repos']['erasure']['requests']['forCustomer']>>[number];

export function requestView(r: Row, now = Date.now()): ErasureRequest {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: r.id,
    customerId: r.customerId,
    requestedBy: r.requestedBy,
    requestedAt: iso(r.requestedAt)!,
    dueAt: iso(r.dueAt)!,
    overdue: r.status === 'pending' && r.dueAt < now,
    status: r.status,
    erasedAt: iso(r.erasedAt),
    erasedBy: r.erasedBy,
    receipt: (r.receipt as ErasureReceipt | null) ?? null,
  };
}

export async function deadlineDays(app: FastifyInstance, tenantId: string): Promise<number> {
  return app.repos.erasure.requests.deadlineDays(tenantId);
}

/** Returns the value it replaced; call inside the transaction that audits the change. */
export async function setDeadlineDays(app: FastifyInstance, tenantId: string, days: number): Promise<number> {
  return app.repos.erasure.requests.setDeadlineDays(tenantId, days);
}

export async function listRequests(app: FastifyInstance, tenantId: string, status?: Row['status']): Promise<ErasureRequest[]> {
  const rows = await app.repos.erasure.requests.list(tenantId, status);
  return rows.map((r) => requestView(r));
}

async function forCustomer(app: FastifyInstance, tenantId: string, customerId: string): Promise<Row | undefined> {
  // An erased request first: it is the one whose receipt answers a repeat.
  const rows = await app.repos.erasure.requests.forCustomer(tenantId, customerId);
  return rows.find((r) => r.status === 'erased') ?? rows[0];
}

export async function requestById(app: FastifyInstance, tenantId: string, id: string): Promise<Row> {
  const row = await app.repos.erasure.requests.byId(tenantId, id);
  if (!row) throw notFound('No such erasure request in your tenant');
  return row;
}

/** Files a pending request due in the tenant's deadline; one already filed for the customer is returned instead. Audited. */
export async function fileRequest(app: FastifyInstance, who: Principal, body: NewErasureRequest): Promise<ErasureRequest> {
  // Under the tenant's lock: two filings at once still make one request.
  return app.db.tx(
    async () => {
      if (!(await app.repos.customers.exists(who.tenantId, body.customerId))) throw notFound('No such customer in your tenant');
      const existing = await forCustomer(app, who.tenantId, body.customerId);
      if (existing) return requestView(existing);
      const now = Date.now();
      const row: Row = {
        id: randomUUID(),
        tenantId: who.tenantId,
        customerId: body.customerId,
        requestedBy: who.userId,
        requestedAt: now,
        dueAt: now + (await deadlineDays(app, who.tenantId)) * DAY,
        status: 'pending',
        erasedAt: null,
        erasedBy: null,
        receipt: null,
      };
      await app.repos.erasure.requests.insert(row);
      // The note may name the person: it lives only here, and the erasure scrubs it (scrubRequestNotes).
      await app.repos.audit.record(who.tenantId, who.userId, FILED, `customer:${body.customerId}`, {
        requestId: row.id,
        dueAt: new Date(row.dueAt).toISOString(),
        ...(body.note && { note: body.note }),
      });
      return requestView(row);
    },
    { lock: tenantLock(who.tenantId), locks: [{ key: customersLock(who.tenantId) }] },
  );
}

export interface Erased {
  request: ErasureRequest;
  /** The erasure's log entry: 'duplicate' when the customer was already erased and the stored receipt answers. */
  logEntry: ErasureReceipt['logEntry'] & { status: 'stored' | 'duplicate' };
  /** Whether this call erased anything (then the files' older copies need clearing). */
  fresh: boolean;
}

/**
 * Erases the customer and marks their request erased with its receipt (filing an erased one when
 * none was), in one transaction under the tenant's lock. Already erased: the stored receipt.
 * Call inside the transaction that audits it.
 */
export async function eraseWithReceipt(app: FastifyInstance, who: Principal, customerId: string): Promise<Erased> {
  return app.db.tx(
    async () => {
      const existing = await forCustomer(app, who.tenantId, customerId);
      if (existing?.status === 'erased' && existing.receipt) {
        const receipt = existing.receipt as ErasureReceipt;
        return { request: requestView(existing), logEntry: { status: 'duplicate' as const, ...receipt.logEntry }, fresh: false };
      }
      const out = await eraseCustomer(app, who, customerId);
      const receipt: ErasureReceipt = {
        places: Object.entries(out.counts).map(([place, count]) => ({ place, count })),
        customers: out.customers,
        merges: out.merges,
        logEntry: { id: out.log.id, seq: out.log.seq, hash: out.log.hash },
        erasedAt: new Date(out.erasedAt).toISOString(),
        erasedBy: who.userId,
      };
      const done = { status: 'erased' as const, erasedAt: out.erasedAt, erasedBy: who.userId, receipt };
      let row: Row;
      if (existing) {
        await app.repos.erasure.requests.markErased(existing.id, done);
        row = { ...existing, ...done };
      } else {
        // Erased without a request: one is recorded, so every erasure has a receipt.
        row = {
          id: randomUUID(),
          tenantId: who.tenantId,
          customerId,
          requestedBy: who.userId,
          requestedAt: out.erasedAt,
          dueAt: out.erasedAt + (await deadlineDays(app, who.tenantId)) * DAY,
          ...done,
        };
        await app.repos.erasure.requests.insert(row);
      }
      // The notes of requests filed for the erased records go with them; who filed and when stay.
      await app.repos.erasure.requests.scrubFilingNotes(who.tenantId, out.customers);
      return { request: requestView(row), logEntry: { status: out.log.status, ...receipt.logEntry }, fresh: true };
    },
    { lock: tenantLock(who.tenantId), locks: [{ key: customersLock(who.tenantId) }] },
  );
}
