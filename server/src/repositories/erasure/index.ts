import type { Database } from '../../db/database';
import { createErasureRequestsRepository } from './requests';
import { erasureScope } from './scope';
import { scrubCustomerData } from './scrub';

export { FILED as ERASURE_FILED } from './requests';
export { ERASED, type ErasedCounts } from './scrub';
export type { ErasureScope } from './scope';

/** Erasure's queries: whom it covers, every place it scrubs, and the requests it answers. Call inside the erasure's transaction. */
export function createErasureRepository(db: Database) {
  return {
    scope: (tenantId: string, customerId: string) => erasureScope(db.q, db.t, tenantId, customerId),
    scrub: (tenantId: string, scope: Parameters<typeof scrubCustomerData>[3], now: number) =>
      scrubCustomerData(db.q, db.t, tenantId, scope, now),
    requests: createErasureRequestsRepository(db),
  };
}
export type ErasureRepository = ReturnType<typeof createErasureRepository>;
