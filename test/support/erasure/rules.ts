/**
 * How erasure treats each table, or why it holds no personal data; erasure-complete.test.ts checks
 * that every table of the schema has a rule here, so a new table without one fails.
 */
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../../server/src/db/schema.sqlite';

/** How erasure treats each table, or why it holds no personal data. */
export const ERASURE_RULES: Record<string, string> = {
  tenants: 'no customer data: the tenant itself',
  users: 'staff accounts, not customers',
  sessions: 'staff sessions',
  sign_in_failures: 'staff sign-in attempts (staff emails)',
  ingest_keys: 'sealed webhook secrets',
  webhook_signatures: 'signatures only',
  webhook_deliveries: 'signatures only (the replay memory of releases before migration 0019)',
  customers: 'name replaced, flags and consent emptied, erased_at set; the row stays for the links',
  identities: 'deleted, and those a merge moved out of the customer, wherever they sit',
  events: 'data emptied (type and times stay for counts)',
  tickets: 'subject nulled',
  interactions: 'kept: ids, ticket id, times and the link to the (now empty) customer; nothing said or shown is stored',
  policy_versions: 'policies, not about customers',
  grants: 'kept: amounts and the link for budgets; customer_flags are condition codes, not personal',
  exceptions: 'note and decision note → "[erased]"',
  exception_events: "decisions' messages (the decider's note) → \"[erased]\"; the server's own steps stay",
  customer_keys: 'deleted (secure_delete + WAL checkpoint on SQLite): sealed log fields unreadable',
  resolution_log: 'personal fields sealed under the destroyed key; the rest is not personal; the chain stays',
  helpdesk_adapters: 'adapter definitions',
  helpdesk_hosts: 'helpdesk hosts',
  customer_merges: 'moved identity values and reason → "[erased]", marked so it cannot be undone',
  identity_conflicts: 'deleted where the customer holds or claims',
  import_jobs: 'file hashes and counts',
  audit_log: 'kept; identity values in details → "[erased]"',
  conversation_scores: 'deleted',
  event_types: 'type declarations',
  qa_scorecards: 'criteria',
  qa_queues: 'sampling rules',
  qa_picks: 'kept: why picked are rule names',
  qa_reviews: 'comments → "[erased]", scores stay',
  qa_disputes: 'reason and decision note → "[erased]"',
  qa_dispute_events: 'message and comments in detail → "[erased]"',
  qa_calibrations: 'names of sessions and resolution ids',
  qa_calibration_scores: 'numbers',
  qa_integrity_checks: 'verification results',
  erasure_requests: 'the customer id, who asked and when, and a receipt of table names and counts, never a value',
  log_checkpoints: 'signed heads of the log: sequence numbers and hashes',
  calls: 'caller number nulled (theirs, and the same number on calls not matched to them); times and the link stay',
  platform_connections: "the tenant's platform settings and sealed secrets",
  offer_versions: 'offers, not about customers',
  offer_stats: 'counts per offer and segment (tier/churn), naming no one',
  offer_outcomes: 'deleted: what they answered to offers; the tallies they were counted in stay',
  offer_impressions: 'deleted: which offers they were shown, in which interaction',
};

export const schemaTables = Object.values(schema)
  .filter((v) => is(v, SQLiteTable))
  .map((v) => getTableName(v as SQLiteTable));
