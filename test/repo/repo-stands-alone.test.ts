// A person who cloned the repository has nothing beside it: no file may send them outside it
// (the planning notes the first wave was built from live next to the checkout, not in it).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const OUTSIDE = /(?<![/.])\.\.\/shared\/|\bshared\/(PRODUCT|EXAMPLES|BENCH|helpdesks)\.md|\bshared\/seeds\//;
const TEXT = /\.(md|ts|tsx|js|mjs|cjs|html|json|css|sh)$/;

it('no tracked file points outside the repository', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => TEXT.test(file) && file !== 'test/repo/repo-stands-alone.test.ts');
  expect(files.length).toBeGreaterThan(100);
  const pointing = files.filter((file) => OUTSIDE.test(readFileSync(resolve(root, file), 'utf8')));
  expect(pointing).toEqual([]);
});
