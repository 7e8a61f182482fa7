import type { Database } from '../../db/database';
import type { GrantsRepository } from '../grants';
import type { PoliciesRepository } from '../policies';
import { createExceptionBase } from './base';
import { createExceptionBoards } from './boards';
import { createExceptionDecisions } from './decisions';
import { createExceptionRequests } from './requests';
import { createExceptionTicket } from './ticket';

export type { Supervisor } from './base';

/** Exception requests: raised by agents, decided by supervisors, each step in its history. */
export function createExceptionsRepository(db: Database, policies: PoliciesRepository, grantsRepo: GrantsRepository) {
  const base = createExceptionBase(db, policies);
  return {
    supervisor: base.supervisor,
    policyOf: base.policyOf,
    ...createExceptionRequests(db, base, policies, grantsRepo),
    ...createExceptionDecisions(db, base, policies, grantsRepo),
    ...createExceptionBoards(db, base),
    ...createExceptionTicket(db, base),
  };
}
export type ExceptionsRepository = ReturnType<typeof createExceptionsRepository>;
