/** A valid resolution for Dana's ticket 101 on Zendesk, each with a fresh idempotency key: what tests send when the record's content is not the point. */
import { randomUUID } from 'node:crypto';

export const resolutionBody = (customerId: string, over: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  helpdesk: 'zendesk',
  ticketId: '101',
  customerId,
  outcome: 'resolved',
  category: 'billing',
  handleTimeSeconds: 300,
  note: 'Refunded the double charge',
  ...over,
});
