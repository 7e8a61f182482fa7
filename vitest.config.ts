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
        // Pure tests, each file in a fresh module graph (some mock modules or the extension's globals).
        plugins: [WxtVitest()],
        resolve: resolveShared,
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'extension/**/*.test.ts', 'test/repo/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // The integration suite on SQLite. Its files build their own apps and databases and mock
        // nothing, so a worker keeps the server's modules loaded from one file to the next
        // (isolate: false): importing the server once per file was half this project's time.
        resolve: resolveShared,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/**/*.pg.test.ts'],
          isolate: false,
          // A spy (on Date.now, say) ends with its test, never leaking into the next file.
          restoreMocks: true,
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
          // As the SQLite project: modules kept from file to file, spies restored after each test.
          isolate: false,
          restoreMocks: true,
          globalSetup: ['test/support/pg-global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real Chromium with the built extension, the real server process, one file at a time,
        // after the others: browser files beside other files on two cores starve their pages
        // (tried: no faster overall, and timeouts). One worker keeps its modules loaded.
        resolve: resolveShared,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          // A group of its own after the parallel one (its own worker count needs its own order).
          sequence: { groupOrder: 1 },
          isolate: false,
          restoreMocks: true,
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
      {
        // The soak: 2,050 sockets on a server process for ~35 s. Not file-parallel and isolated,
        // so vitest runs it alone, last, after the parallel group and the e2e group.
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
