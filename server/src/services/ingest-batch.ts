/**
 * Group commit for ingest: the events that arrive while one transaction commits are stored
 * together in the next one, so N concurrent webhook requests cost one fsync instead of N. Each
 * request is answered only once its event is durable. At low load a batch is one event and
 * nothing waits: a batch starts as soon as the previous one has committed.
 *
 * Inside the batch's transaction: the tenants' `customersLock` shared (an erasure or merge in
 * flight finishes first, and none starts until the batch is done), each customer resolved, then
 * every customer's own lock in sorted order, so batches in several processes never deadlock and
 * different customers of one tenant go in parallel. An event refused on its own (no such
 * customer, a replayed signature) writes nothing and does not disturb the others; a failure of
 * the transaction itself answers every request in it with that error, and stores none of them.
 */
import type { CustomerEvent, IngestEvent } from '@shared/schemas/customer-events';
import type { FastifyBaseLogger } from 'fastify';
import { customerLock, customersLock } from '../db/database';
import { dbFault } from '../db/errors';
import { RetryableError, UserError } from '../errors';
import type { Repositories } from '../repositories';
import type { SignalParts } from '../repositories/customers/signal-parts';

/** The signed request, remembered against replays once its event is accepted. */
export interface IngestDelivery {
  signature: string;
  keyId: string;
  /** The signing time it carries, in ms: a replay carries the same one. */
  signedAt: number;
  /** When it arrived. */
  at: number;
}

export interface IngestItem extends IngestDelivery {
  tenantId: string;
  body: IngestEvent;
}

export interface Stored {
  status: 'stored' | 'duplicate';
  event: CustomerEvent;
  customerId: string;
  /** What the customer's signals are computed from, as this event left them (events.record). */
  parts?: SignalParts;
}

type Outcome = { ok: true; value: Stored } | { ok: false; error: Error };

interface Waiting {
  item: IngestItem;
  settle(outcome: Outcome): void;
}

/** Enough to share an fsync widely, small enough that one batch's locks are held briefly. */
const MAX_BATCH = 128;

export interface IngestBatcher {
  store(item: IngestItem): Promise<Stored>;
}

export function createIngestBatcher(
  repos: Repositories,
  opts: { replayWindowMs: number; log: FastifyBaseLogger; maxBatch?: number; onBatch?: (events: number) => void },
): IngestBatcher {
  // One lane per tenant: a tenant whose customers an erasure holds waits alone, not every tenant behind it.
  const lanes = new Map<string, Waiting[]>();
  let forgotAt = 0;

  async function drain(tenantId: string, queue: Waiting[]) {
    while (queue.length) {
      // One turn of the event loop first: the requests already read from their sockets reach
      // store() in it and join this batch. Without it, SQLite (whose calls never yield) would
      // commit each request alone before the next one is even parsed.
      await new Promise((r) => setImmediate(r));
      const batch = queue.splice(0, opts.maxBatch ?? MAX_BATCH);
      opts.onBatch?.(batch.length);
      let outcomes: Outcome[];
      try {
        outcomes = await storeAll(batch.map((w) => w.item));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error: batchFailed(error, batch.length, opts.log) }));
      }
      batch.forEach((w, i) => w.settle(outcomes[i]!));
    }
    lanes.delete(tenantId);
  }

  function storeAll(items: IngestItem[]): Promise<Outcome[]> {
    return repos.transaction(async () => {
      const tenants = [...new Set(items.map((i) => i.tenantId))].sort();
      await repos.takeLocks(tenants.map((t) => ({ key: customersLock(t), shared: true })));
      const customers: (string | null)[] = [];
      for (const item of items) customers.push(await repos.customers.resolveRef(item.tenantId, item.body.customer));
      const keys = new Set(items.flatMap((item, i) => (customers[i] ? [customerLock(item.tenantId, customers[i]!)] : [])));
      await repos.takeLocks([...keys].sort().map((key) => ({ key })));
      const now = Date.now();
      // Signatures signed before twice the replay window are refused by their timestamp: forgotten now and then, not per event.
      if (now - forgotAt > opts.replayWindowMs / 2) {
        await repos.tenants.forgetDeliveriesBefore(now - 2 * opts.replayWindowMs);
        forgotAt = now;
      }
      const outcomes: Outcome[] = [];
      for (const [i, item] of items.entries()) {
        const customerId = customers[i];
        if (!customerId) {
          outcomes.push({ ok: false, error: noSuchCustomer(item.body) });
        } else if (!(await repos.tenants.rememberDelivery(item))) {
          // Nothing written for it: the insert of its signature did nothing. What the first one stored goes with the refusal.
          outcomes.push({ ok: false, error: new ReplayError(await repos.events.bySenderId(item.tenantId, item.body.id)) });
        } else {
          outcomes.push({ ok: true, value: { ...(await repos.events.record(item.tenantId, customerId, item.body)), customerId } });
        }
      }
      return outcomes;
    });
  }

  return {
    store(item) {
      const stored = new Promise<Stored>((resolve, reject) => {
        const waiting = { item, settle: (o: Outcome) => (o.ok ? resolve(o.value) : reject(o.error)) };
        const lane = lanes.get(item.tenantId);
        if (lane) return void lane.push(waiting);
        const queue = [waiting];
        lanes.set(item.tenantId, queue);
        void drain(item.tenantId, queue);
      });
      return stored;
    },
  };
}

function batchFailed(error: unknown, size: number, log: FastifyBaseLogger): Error {
  if (dbFault(error)) return error as Error;
  log.error({ err: error, events: size }, 'an ingest batch failed: none of its events was stored');
  return new RetryableError(
    'The event was not stored: the write it shared with other events failed, and none of them was kept. Send it again.',
    1,
    { cause: error },
  );
}

function noSuchCustomer(body: IngestEvent): UserError {
  const named = Object.entries(body.customer)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return new UserError(422, `No customer of this tenant matches customer ${named}`);
}

/** A signed request seen before: refused, with the event the first one stored (null when it stored none). */
export class ReplayError extends UserError {
  constructor(readonly stored: CustomerEvent | null) {
    super(409, 'This exact signed request was already received: replays are refused. Sign a retry afresh.');
  }
}
