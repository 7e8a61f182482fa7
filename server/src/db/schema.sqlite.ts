/**
 * The SQLite schema: the tables of tables/ built with SQLite's kit. The repositories are typed
 * against these (database.ts); schema.pg.ts is the PostgreSQL twin. Each table is a named export
 * because drizzle-kit finds the tables to migrate by the module's exports (so the list stands
 * here and in the twin).
 */
import { defineTables } from './tables';
import { sqliteKit } from './tables/kit.sqlite';

export const {
  tenants,
  users,
  sessions,
  signInFailures,
  ingestKeys,
  webhookSignatures,
  webhookDeliveries,
  customers,
  identities,
  events,
  tickets,
  interactions,
  policyVersions,
  grants,
  exceptions,
  exceptionEvents,
  customerKeys,
  resolutionLog,
  helpdeskAdapters,
  helpdeskHosts,
  customerMerges,
  identityConflicts,
  importJobs,
  auditLog,
  conversationScores,
  eventTypes,
  qaScorecards,
  qaQueues,
  qaPicks,
  qaReviews,
  qaDisputes,
  qaDisputeEvents,
  qaCalibrations,
  qaCalibrationScores,
  qaIntegrityChecks,
  erasureRequests,
  logCheckpoints,
  calls,
  platformConnections,
  offerVersions,
  offerStats,
  offerOutcomes,
  offerImpressions,
} = defineTables(sqliteKit);
