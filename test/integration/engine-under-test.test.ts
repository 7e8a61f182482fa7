/**
 * The integration projects keep modules loaded from one file to the next (isolate: false). This
 * fails if a worker that loaded the test database's module for one engine ever runs a file of the
 * other project: then a "PostgreSQL" file would run on SQLite, or the reverse, and pass.
 */
import { expect, it } from 'vitest';
import { engine } from '../support/test-database';

it('runs on the engine its project names', () => {
  expect(engine).toBe(process.env.LEEWAY_TEST_DB === 'postgres' ? 'postgres' : 'sqlite');
});
