/**
 * Erasure requests: a deadline, a status an admin can see, and a receipt. Everything here names
 * customers by id only: a name or an identity value in a receipt would outlive the erasure.
 */
import { z } from 'zod';
import { Id } from './common';

export const ERASURE_DEADLINE_MIN = 7;
export const ERASURE_DEADLINE_MAX = 90;
const range = `must be a whole number of days from ${ERASURE_DEADLINE_MIN} to ${ERASURE_DEADLINE_MAX}`;

export const ErasureSettings = z
  .object({ deadlineDays: z.number({ message: range }).int(range).min(ERASURE_DEADLINE_MIN, range).max(ERASURE_DEADLINE_MAX, range) })
  .strict();
export type ErasureSettings = z.infer<typeof ErasureSettings>;

export const NewErasureRequest = z
  .object({
    customerId: Id,
    /** Where the request came from (a ticket, a letter); kept in the audit entry only, and scrubbed when the erasure is carried out. */
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();
export type NewErasureRequest = z.infer<typeof NewErasureRequest>;

export const ErasureStatus = z.enum(['pending', 'erased'], { message: 'must be pending or erased' });

export const ErasureRequestsQuery = z.object({ status: ErasureStatus.optional() }).strict();

/** What was erased, where, when and by whom: place names, counts and ids, never a value. */
export const ErasureReceipt = z.object({
  places: z.array(z.object({ place: z.string(), count: z.number().int() })),
  customers: z.array(z.string()),
  merges: z.array(z.string()),
  logEntry: z.object({ id: z.string(), seq: z.number().int(), hash: z.string() }),
  erasedAt: z.string(),
  erasedBy: z.string(),
});
export type ErasureReceipt = z.infer<typeof ErasureReceipt>;

export const ErasureRequest = z.object({
  id: z.string(),
  customerId: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  dueAt: z.string(),
  /** Still pending after its due date. */
  overdue: z.boolean(),
  status: ErasureStatus,
  erasedAt: z.string().nullable(),
  erasedBy: z.string().nullable(),
  receipt: ErasureReceipt.nullable(),
});
export type ErasureRequest = z.infer<typeof ErasureRequest>;

export const ErasureRequestList = z.object({ requests: z.array(ErasureRequest) });
export type ErasureRequestList = z.infer<typeof ErasureRequestList>;
