/**
 * The test databases' temp directories go once their process has ended (test-database.ts): tests
 * may read a SQLite file after its server stopped, so they stay while it runs, and no longer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { removeLeftoverTestDirs } from '../support/test-database';

const root = resolve(import.meta.dirname, '../..');

it('a process that exits removes the test databases it made', () => {
  const script = `import { newTestDatabase } from './test/support/test-database.ts';
console.log((await newTestDatabase()).target.file);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, LEEWAY_TEST_DB: 'sqlite' },
    encoding: 'utf8',
  });
  const file = out.trim().split('\n').at(-1)!;
  expect(file).toMatch(/leeway-it-\d+-.+leeway\.db$/);
  expect(existsSync(resolve(file, '..'))).toBe(false);
});

it('a run’s teardown removes those of processes that have ended (killed, or ended by the pool), and keeps a live one’s', () => {
  const ended = Number(execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).trim());
  const gone = mkdtempSync(join(tmpdir(), `leeway-it-${ended}-`));
  const live = mkdtempSync(join(tmpdir(), `leeway-it-${process.pid}-`));
  removeLeftoverTestDirs();
  expect(existsSync(gone)).toBe(false);
  expect(existsSync(live)).toBe(true);
});
