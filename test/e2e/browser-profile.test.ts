/**
 * Each test browser gets a fresh profile in the temp dir and takes it away when it closes: a
 * profile is ~20 MB, and a day of test runs left a gigabyte of them behind.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { launchWithExtension } from '../support/browser';

const profiles = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('leeway-chromium-')));

it('removes its profile when it closes', async () => {
  const before = profiles();
  const browser = await launchWithExtension([]);
  const mine = [...profiles()].filter((p) => !before.has(p));
  expect(mine).toHaveLength(1);
  await browser.close();
  expect(profiles().has(mine[0]!)).toBe(false);
});
