/**
 * Every table, defined once against a kit: schema.sqlite.ts and schema.pg.ts each apply their
 * engine's kit. Groups come in the order their tables are exported (parents before children).
 */
import { accountTables } from './accounts';
import { activityTables } from './activity';
import { callTables } from './calls';
import { complianceTables } from './compliance';
import { customerTables } from './customers';
import { helpdeskTables } from './helpdesks';
import type { Kit } from './kit.sqlite';
import { logTables } from './log';
import { offerImpressionTables } from './offer-impressions';
import { offerTables } from './offers';
import { policyTables } from './policies';
import { qaTables } from './qa';
import { recordTables } from './records';

export function defineTables(k: Kit) {
  const accounts = accountTables(k);
  const customers = customerTables(k, accounts);
  const parents = { ...accounts, ...customers };
  return {
    ...accounts,
    ...customers,
    ...policyTables(k, parents),
    ...logTables(k, parents),
    ...helpdeskTables(k, parents),
    ...recordTables(k, parents),
    ...activityTables(k, parents),
    ...qaTables(k, parents),
    ...complianceTables(k, parents),
    ...callTables(k, parents),
    ...offerTables(k, parents),
    ...offerImpressionTables(k, parents),
  };
}

export type Tables = ReturnType<typeof defineTables>;
