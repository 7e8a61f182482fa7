/**
 * Valid bodies for the tests that only need one, each with a fresh idempotency key: Dana's
 * ticket 101 on Zendesk resolved, and a refund above an agent's leeway asked for approval.
 */
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

export const exceptionRequestBody = (customerId: string, over: Record<string, unknown> = {}) => ({
  customerId,
  action: 'refund',
  amountCents: 30_000,
  reasonCode: 'billing_error',
  note: 'Three failed deliveries',
  idempotencyKey: randomUUID(),
  ...over,
});
