/**
 * One customer event pushed by a business system, after its signature and body were checked:
 * stored once, pushed live to the agents viewing the customer, and attached to the log.
 */
import type { FastifyInstance } from 'fastify';
import type { CustomIngestEvent, IngestEvent, IngestReply } from '@shared/schemas/customer-events';
import { REPLAY_TOLERANCE_S } from '@shared/webhook-signature';
import { UserError } from '../errors';
import { pushCustomerEvent } from '../sockets/push';
import { pushFreshSignals } from './context';
import { attachToResolution } from './resolutions';

/** The signed request, remembered against replays once its event is accepted. */
export interface IngestDelivery {
  signature: string;
  keyId: string;
  at: number;
}

export async function ingestEvent(
  app: FastifyInstance,
  tenantId: string,
  body: IngestEvent | CustomIngestEvent,
  delivery: IngestDelivery,
): Promise<IngestReply> {
  // Remembered in the event's own transaction: a refused request writes nothing (its replay is refused the same way),
  // and a write the database refuses (disk full) leaves no delivery behind, so resending the same request works.
  // The customer is resolved in that transaction too, under the tenant's lock (erasure and merge take it): an erasure
  // or merge committing meanwhile is seen, so no event lands on a customer erased or merged away since the lookup.
  const { status, event, customerId } = await app.repos.inTenantTransaction(tenantId, async () => {
    const customerId = await app.repos.customers.resolveRef(tenantId, body.customer);
    if (!customerId) {
      const named = Object.entries(body.customer)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      throw new UserError(422, `No customer of this tenant matches customer ${named}`);
    }
    if (!(await app.repos.tenants.rememberDelivery(delivery.signature, delivery.keyId, delivery.at, REPLAY_TOLERANCE_S * 1000))) {
      // Thrown inside the transaction: it rolls back, so the replay writes nothing.
      throw new UserError(409, 'This exact signed request was already received: replays are refused. Sign a retry afresh.');
    }
    return { ...(await app.repos.events.record(tenantId, customerId, body as IngestEvent)), customerId };
  });
  if (status === 'stored') {
    pushCustomerEvent(app, tenantId, { customerId, event });
    // Signals are derived from what is stored: push them without holding the sender's reply.
    void pushFreshSignals(app, tenantId, customerId).catch((err) => app.log.error({ err }, 'signal push failed'));
  }
  // A retried delivery attaches again harmlessly: the log entry is keyed by the event.
  await attachToResolution(app, tenantId, event);
  return { status, eventId: event.id, customerId };
}
