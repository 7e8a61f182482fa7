import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Integration tests that are about SQLite's file itself, with the reason. Each has a PostgreSQL
 * counterpart that runs in `integration-pg` instead.
 */
const SQLITE_FILE_ONLY = [
  // Disk full / read-only file systems under the SQLite file; PostgreSQL's faults: pg-faults.test.ts.
  'test/integration/disk-faults.full-disk.test.ts',
  'test/integration/disk-faults.read-only.test.ts',
  'test/integration/disk-faults.startup.test.ts',
];

/** `@shared/…`, as wxt.config.ts declares it (the `unit` project gets it from the WXT plugin too). */
const resolveShared = { alias: { '@shared': resolve(import.meta.dirname, 'shared') } };

export default defineConfig({
  test: {
    // Most files wait on sockets, databases and browsers, not the CPU: vitest's default (one worker
    // per core, less one) leaves a 2-core machine running one file at a time.
    maxWorkers: Math.max(3, availableParallelism()),
    projects: [
      {
        // Pure and integration tests: fast, in parallel.
        plugins: [WxtVitest()],
        resolve: resolveShared,
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'server/**/*.test.ts',
            'extension/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/repo/**/*.test.ts',
          ],
          exclude: ['test/integration/**/*.pg.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // The same integration suite on PostgreSQL (and Redis where several processes share it):
        // every test server gets a fresh database on the machine's PostgreSQL. Never skipped:
        // with no PostgreSQL answering, the global setup fails the run.
        resolve: resolveShared,
        test: {
          name: 'integration-pg',
          include: ['test/integration/**/*.test.ts'],
          exclude: SQLITE_FILE_ONLY,
          env: { LEEWAY_TEST_DB: 'postgres' },
          globalSetup: ['test/support/pg-global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real Chromium with the built extension, the real server process, one file at a time.
        resolve: resolveShared,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
      {
        // The soak: 2,050 sockets on a server process for ~35 s. Not file-parallel, so vitest
        // runs it alone, one file at a time with the e2e files, after the parallel unit group.
        resolve: resolveShared,
        test: {
          name: 'soak',
          include: ['test/soak/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
