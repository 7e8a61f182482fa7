/**
 * Before the PostgreSQL project: PostgreSQL and Redis must answer (a run without them fails
 * here, loudly, instead of skipping), and databases left by killed runs are dropped.
 * Afterwards, the databases this run made are dropped too. Migrated templates of older migrations
 * go (test-database.ts); the current one stays for the next run.
 */
import { Redis } from 'ioredis';
import { dropLeftoverTestDatabases, dropStaleTemplates, PG_ADMIN_URL, REDIS_TEST_URL } from './test-database';

export default async function setup() {
  try {
    await dropLeftoverTestDatabases();
    await dropStaleTemplates();
  } catch (e) {
    throw new Error(
      `PostgreSQL does not answer at ${PG_ADMIN_URL} (${(e as Error).message}): the integration-pg project needs it; .ci/run starts it`,
    );
  }
  const redis = new Redis(REDIS_TEST_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(
      `Redis does not answer at ${REDIS_TEST_URL} (${(e as Error).message}): the multi-process tests need it; .ci/run starts it`,
    );
  } finally {
    redis.disconnect();
  }
  return async () => {
    await dropLeftoverTestDatabases();
  };
}
