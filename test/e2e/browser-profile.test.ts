/**
 * Each test browser gets a fresh profile in the temp dir and takes it away when it closes: a
 * profile is ~20 MB, and a day of test runs left a gigabyte of them behind.
 */
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { launchWithExtension } from '../support/browser';

// Its own profile, by name: other test files launch browsers into the same temp dir meanwhile.
it('removes its profile when it closes', async () => {
  const browser = await launchWithExtension([]);
  expect(dirname(browser.profile)).toBe(tmpdir());
  expect(basename(browser.profile)).toMatch(/^leeway-chromium-/);
  expect(existsSync(browser.profile)).toBe(true);
  await browser.close();
  expect(existsSync(browser.profile)).toBe(false);
});
