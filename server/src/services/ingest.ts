/**
 * One customer event pushed by a business system, after its signature and body were checked:
 * stored once, pushed live to the agents viewing the customer, and attached to the log.
 */
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import type { CustomIngestEvent, IngestEvent, IngestReply } from '@shared/schemas/customer-events';
import { REPLAY_TOLERANCE_S } from '@shared/webhook-signature';
import { SUMMARY_TYPES } from '../signals/summary';
import { pushCustomerEvent } from '../sockets/push';
import { signalsFromParts } from './context';
import { createIngestBatcher, type IngestBatcher, type IngestDelivery, ReplayError } from './ingest-batch';
import { attachToResolution } from './resolutions';

/** One batcher per server: its database's group commit (ingest-batch.ts). */
const batchers = new WeakMap<object, IngestBatcher>();
const batcherOf = (app: FastifyInstance): IngestBatcher => {
  let b = batchers.get(app.repos);
  if (!b) {
    const sizes = new Histogram({
      name: 'leeway_ingest_batch_events',
      help: 'Events stored per ingest transaction (group commit): how many requests shared one commit',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers: [app.metrics],
    });
    b = createIngestBatcher(app.repos, { replayWindowMs: REPLAY_TOLERANCE_S * 1000, log: app.log, onBatch: (n) => sizes.observe(n) });
    batchers.set(app.repos, b);
  }
  return b;
};

export async function ingestEvent(
  app: FastifyInstance,
  tenantId: string,
  body: IngestEvent | CustomIngestEvent,
  delivery: IngestDelivery,
): Promise<IngestReply> {
  // Stored with the events that arrive meanwhile, in one transaction (ingest-batch.ts): the customer
  // resolved and the signature remembered in it, so a refused request writes nothing (its replay is
  // refused the same way), a write the database refuses (disk full) leaves no delivery behind, and no
  // event lands on a customer an erasure or merge removed since (they exclude the batch).
  const { status, event, customerId, parts } = await batcherOf(app)
    .store({ tenantId, body: body as IngestEvent, ...delivery })
    .catch(async (error: unknown) => {
      // The first request stored its event, then may have failed to attach it (a fault, a crash)
      // and been told to send again: the sender's retry of the same bytes attaches it, once.
      if (error instanceof ReplayError && error.stored) await attachToResolution(app, tenantId, error.stored);
      throw error;
    });
  if (status === 'stored' && !SUMMARY_TYPES.has(event.type)) {
    // The signals do not count it (an order, say): they are as they were, only the offers may change.
    pushCustomerEvent(app, tenantId, { customerId, event });
    app.signalsPush.offersChanged(tenantId, customerId);
  } else if (status === 'stored') {
    // Signals are derived from what is stored, at most one computation per customer per 100 ms. The
    // first change in a window carries them in the event's own message, computed from what its
    // transaction left (no read, and one broadcast instead of two: each costs a Redis append and a
    // decode in every process); later ones, or those that need a read, get the window's push.
    const signals = parts && signalsFromParts(parts);
    if (signals && app.signalsPush.lead(tenantId, customerId)) pushCustomerEvent(app, tenantId, { customerId, event, signals });
    else {
      pushCustomerEvent(app, tenantId, { customerId, event });
      app.signalsPush.changed(tenantId, customerId);
    }
  }
  // A retried delivery attaches again harmlessly: the log entry is keyed by the event.
  await attachToResolution(app, tenantId, event);
  return { status, eventId: event.id, customerId };
}
