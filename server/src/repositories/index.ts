import type { Database } from '../db/database';
import { createAdaptersRepository } from './adapters';
import { createAuditRepository } from './audit';
import { createCallsRepository } from './calls';
import { createCheckpointRepository } from './checkpoints';
import { createConversationsRepository } from './conversations';
import { createCustomersRepository } from './customers';
import { createErasureRepository } from './erasure';
import { createEventsRepository } from './events';
import { createEventTypesRepository } from './event-types';
import { createOfferHistoryRepository } from './offer-history';
import { createOfferImpressionsRepository } from './offer-impressions';
import { createOffersRepository } from './offers';
import { createOfferStatsRepository } from './offer-stats';
import { createExceptionsRepository } from './exceptions';
import { createGrantsRepository } from './grants';
import { createHelpdeskHostsRepository } from './helpdesk-hosts';
import { createLogRepository } from './log';
import { createPlatformConnectionsRepository } from './platform-connections';
import { createPoliciesRepository } from './policies';
import { createQaRepository } from './qa';
import { createRevealsRepository } from './reveals';
import { createSessionsRepository } from './sessions';
import { createSignInFailuresRepository } from './sign-in-failures';
import { createInteractionsRepository } from './interactions';
import { createTenantsRepository } from './tenants';
import { createTransactions } from './transactions';
import { createUsersRepository } from './users';

/** Every repository over one database. Routes and socket handlers get these, never the db. */
/** `masterKey` wraps the per-customer keys that seal personal data in the log, and seals ingest key secrets. */
export function createRepositories(db: Database, opts: { masterKey: Buffer }) {
  const policies = createPoliciesRepository(db);
  const grants = createGrantsRepository(db, policies);
  return {
    ...createTransactions(db),
    policies,
    grants,
    exceptions: createExceptionsRepository(db, policies, grants),
    log: createLogRepository(db, opts.masterKey),
    checkpoints: createCheckpointRepository(db),
    conversations: createConversationsRepository(db),
    audit: createAuditRepository(db),
    eventTypes: createEventTypesRepository(db),
    tenants: createTenantsRepository(db, opts.masterKey),
    users: createUsersRepository(db),
    sessions: createSessionsRepository(db),
    signInFailures: createSignInFailuresRepository(db),
    customers: createCustomersRepository(db),
    events: createEventsRepository(db),
    offerHistory: createOfferHistoryRepository(db),
    interactions: createInteractionsRepository(db),
    adapters: createAdaptersRepository(db),
    helpdeskHosts: createHelpdeskHostsRepository(db),
    qa: createQaRepository(db),
    reveals: createRevealsRepository(db),
    erasure: createErasureRepository(db),
    calls: createCallsRepository(db),
    platformConnections: createPlatformConnectionsRepository(db, opts.masterKey),
    offers: createOffersRepository(db),
    offerStats: createOfferStatsRepository(db),
    offerImpressions: createOfferImpressionsRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
