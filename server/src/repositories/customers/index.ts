import type { Database } from '../../db/database';
import { createCallerLookup } from './caller';
import { createIdentityStore } from './identities';
import { createCustomerLink } from './link';
import { createCustomerLookups } from './lookups';
import { createCustomerMerges } from './merges';
import { createCustomerReads } from './reads';
import { createCustomerSearch } from './search';
import { createCustomerUpdates } from './updates';
import { createCustomerUpserts } from './upserts';

export { canonicalIdentities, type NewCustomer } from './identities';
export type { RequesterMatch } from './lookups';
export type { CallerMatch } from './caller';

/** Customers, their identities and merges: one repository, its parts by job. */
export function createCustomersRepository(db: Database) {
  const store = createIdentityStore(db);
  return {
    ...createCustomerUpserts(db, store),
    ...createCustomerUpdates(db),
    ...createCustomerLookups(db, store),
    ...createCallerLookup(db, store),
    ...createCustomerReads(db),
    ...createCustomerMerges(db),
    ...createCustomerSearch(db),
    ...createCustomerLink(db, store),
  };
}
export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
