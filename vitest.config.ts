import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
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
/**
 * For the projects that start servers: also `@node-rs/argon2` as test/support/argon2-memo.mjs, the
 * demo password hashed once per run rather than for each of the 18 users every server seeds (real
 * argon2id all the same; server processes get it from test/support/server-process.ts).
 */
const resolveServers = {
  alias: { ...resolveShared.alias, '@node-rs/argon2': resolve(import.meta.dirname, 'test/support/argon2-memo.mjs') },
};

/**
 * The order vitest hands files to its workers (vitest.config.ts): within the parallel group the
 * PostgreSQL project first (its files are the slowest), then SQLite, then the unit files, and in
 * each project the files known to take longest first. By default vitest orders projects by name
 * and, without a cache (CI's clean clone), files by size: the two slowest PostgreSQL files
 * (log-tamper, the REST fuzz) then started last and ran alone for minutes at the end of the group.
 */

const PROJECTS = ['integration-pg', 'integration', 'unit'];

/** Slowest first, as measured (seconds on PostgreSQL / SQLite; alone for the browser file); unnamed files follow, in vitest's order. */
const LONG = [
  'test/integration/log-tamper.test.ts', // 142 / 54
  'test/integration/fuzz-rest.shard-2.test.ts', // 100 / 40
  'test/integration/fuzz-rest.test.ts', // 95 / 40
  'test/integration/import.test.ts', // 72 / 54
  'test/integration/master-key-rotation.test.ts', // 62 / 35
  'test/integration/graceful-shutdown.drain.test.ts', // 57 / 34
  'test/integration/disk-faults.startup.test.ts', // SQLite only: 50
  'test/integration/fuzz-sockets.test.ts', // 33 / 10
  'test/integration/graceful-shutdown.burst.test.ts', // 31 / 23
  'test/integration/cli-output.test.ts', // 31 / 19
  'test/integration/multi-process.pg.test.ts', // 30
  'test/integration/resolution-log.kill-burst.test.ts', // 19 / 20+
  'test/integration/db-move.pg.test.ts', // 20
  'test/integration/sign-in-throttle.test.ts', // 20 / 9
  'test/integration/production-config.test.ts', // 19 / 14
  'test/integration/erasure-postgres-pages.pg.test.ts', // 17
  'test/integration/exceptions.test.ts', // 16
  'test/integration/protocol-hygiene.test.ts', // 15
  'test/integration/multi-process-kill.pg.test.ts', // 15
  'test/integration/disk-faults.read-only.test.ts', // 15
  // The browser group's longest: started first, so the other worker takes the rest meanwhile.
  'test/e2e/adversarial-adapters.test.ts', // 160
];

class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const index = new Map(base.map((f, i) => [f, i]));
    const root = this.ctx.config.root;
    const rank = (f: TestSpecification) => {
      const r = PROJECTS.indexOf(f.project.name);
      return r < 0 ? PROJECTS.length : r;
    };
    const weight = (f: TestSpecification) => {
      const i = LONG.indexOf(relative(root, f.moduleId));
      return i < 0 ? LONG.length : i;
    };
    return [...base].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        rank(a) - rank(b) ||
        weight(a) - weight(b) ||
        index.get(a)! - index.get(b)!,
    );
  }
}

export default defineConfig({
  test: {
    // Most files wait on sockets, databases and browsers, not the CPU: vitest's default (one worker
    // per core, less one) leaves a 2-core machine running one file at a time.
    maxWorkers: Math.max(3, availableParallelism()),
    // PostgreSQL's files, then SQLite's, then the unit files; the longest of each first, so the
    // parallel group does not end on one slow file running alone (LongFirstSequencer above).
    sequence: { sequencer: LongFirstSequencer },
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
        resolve: resolveServers,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/**/*.pg.test.ts'],
          globalSetup: ['test/support/temp-dirs-setup.ts'],
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
        resolve: resolveServers,
        test: {
          name: 'integration-pg',
          include: ['test/integration/**/*.test.ts'],
          exclude: SQLITE_FILE_ONLY,
          env: { LEEWAY_TEST_DB: 'postgres' },
          // As the SQLite project: modules kept from file to file, spies restored after each test.
          isolate: false,
          restoreMocks: true,
          globalSetup: ['test/support/pg-global-setup.ts', 'test/support/temp-dirs-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real Chromium with the built extension, the real server process, after the others:
        // browser files beside other files on two cores starve their pages (tried: no faster
        // overall, and timeouts). Two browser files at a time, though, keep both cores busy while
        // each waits on its stack's start (6-8 s a file) and its pages: the group took 447 s, not
        // 857 s one at a time (2026-12-06). Each worker keeps its modules loaded.
        resolve: resolveServers,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/temp-dirs-setup.ts'],
          maxWorkers: 2,
          // A group of its own after the parallel one (its own worker count needs its own order).
          sequence: { groupOrder: 1 },
          isolate: false,
          restoreMocks: true,
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // A poll here waits for a real page to render, which on a loaded machine takes seconds, not
          // vitest's default 1 s (two fresh-checks on 2026-12-07 failed a chart count and a first-run page so).
          expect: { poll: { timeout: 15_000 } },
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
