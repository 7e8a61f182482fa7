/**
 * The PostgreSQL twin of schema.sqlite.ts: the same tables built with PostgreSQL's kit, under the
 * same names. Typed as PostgreSQL tables with the twins' columns; the repositories use the SQLite
 * types for both engines (database.ts), and schema-parity.test.ts checks the twins agree.
 */
import type { PgColumn, PgTableWithColumns } from 'drizzle-orm/pg-core';
import { defineTables, type Tables } from './tables';
import { pgKit } from './tables/kit.pg';

type PgTwin<T extends Tables[keyof Tables]> = PgTableWithColumns<{
  name: T['_']['name'];
  schema: undefined;
  columns: { [K in keyof T['_']['columns']]: PgColumn };
  dialect: 'pg';
}>;

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
} = defineTables(pgKit) as unknown as { [K in keyof Tables]: PgTwin<Tables[K]> };
