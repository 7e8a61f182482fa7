import type { Db } from '../db/open';
import { createCustomersRepository } from './customers';
import { createEventsRepository } from './events';
import { createExceptionsRepository } from './exceptions';
import { createGrantsRepository } from './grants';
import { createPoliciesRepository } from './policies';
import { createInteractionsRepository } from './interactions';
import { createTenantsRepository } from './tenants';
import { createUsersRepository } from './users';

/** Every repository over one database. Routes and socket handlers get these, never the db. */
export function createRepositories(db: Db) {
  const policies = createPoliciesRepository(db);
  const grants = createGrantsRepository(db, policies);
  return {
    policies,
    grants,
    exceptions: createExceptionsRepository(db, policies, grants),
    tenants: createTenantsRepository(db),
    users: createUsersRepository(db),
    customers: createCustomersRepository(db),
    events: createEventsRepository(db),
    interactions: createInteractionsRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
