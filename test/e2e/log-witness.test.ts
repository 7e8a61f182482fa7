/**
 * The auditor's console as the log's witness (issue 17), in real Chromium against the real
 * server process: the console keeps the newest signed checkpoint it saw in the browser. Then
 * someone with the database deletes the checkpoints; the server, none the wiser, signs the
 * head again, and the console raises its alarm, which stays until the log matches. The page
 * passes axe in both states.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server-process';
import { apiToken } from '../support/stack';

let server: ServerProcess;
let auditor: ExtensionBrowser;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  // Sweeps often, so a checkpoint is signed (and signed again) within the test's patience.
  // Chromium launches while the server starts: neither needs the other until the sign-in.
  [server, auditor] = await Promise.all([startServer({ env: { LEEWAY_CHECKPOINT_SWEEP_MS: '200' } }), launchWithExtension([])]);
  // A checkpoint every 10 entries (the default is every 1,000 or 5 minutes), and 12 resolutions logged through the API.
  const db = new Database(server.dbFile);
  db.prepare("update tenants set checkpoint_every_entries = 10 where slug = 'acme'").run();
  db.close();
  const token = await apiToken(server.url, 'agent@acme.test');
  for (let i = 0; i < 12; i++) {
    const res = await fetch(`${server.url}/v1/resolutions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        idempotencyKey: randomUUID(),
        helpdesk: 'zendesk',
        ticketId: `witness-${i}`,
        outcome: 'resolved',
        category: 'billing',
        note: '',
        handleTimeSeconds: 60,
      }),
    });
    expect(res.status).toBe(201);
  }
  await signIn(auditor, server.url, 'auditor@acme.test');
});
afterAll(async () => {
  await auditor?.close().catch(() => {});
  await server?.stop();
});

const checkpoints = () => {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db
      .prepare("select seq, hash, at from log_checkpoints where tenant_id = (select id from tenants where slug = 'acme') order by seq")
      .all() as { seq: number; hash: string; at: number }[];
  } finally {
    db.close();
  }
};

/** The witness card once it has judged, looking again (a reload) until `want` matches. */
async function witnessUntil(page: Page, want: RegExp): Promise<string> {
  await expect
    .poll(
      async () => {
        await page.reload();
        const status = page.getByTestId('witness').locator('[data-field="witness-status"]');
        await status.waitFor();
        return status.textContent();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toMatch(want);
  return (await page.getByTestId('witness').textContent())!;
}

describe('the console as the log’s witness', () => {
  it('keeps the newest checkpoint it saw, and alarms when the database is made to forget it', async () => {
    await expect.poll(() => checkpoints().length, { timeout: 30_000 }).toBeGreaterThan(0);
    const page = await auditor.context.newPage();
    await page.goto(`chrome-extension://${auditor.extensionId}/console.html`);
    const [first] = checkpoints().slice(-1);
    const ok = await witnessUntil(page, /^✓ Consistent with what this console saw: signed checkpoint at entry/);
    expect(ok).toContain(`entry ${first!.seq.toLocaleString('en-US')}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('witness').screenshot({ path: 'test-results/log-witness-ok.png' });

    // Whoever writes the database removes every checkpoint; the server signs the unchanged head again.
    const db = new Database(server.dbFile);
    db.prepare("delete from log_checkpoints where tenant_id = (select id from tenants where slug = 'acme')").run();
    db.close();
    await expect.poll(() => checkpoints().find((c) => c.seq === first!.seq)?.at ?? 0, { timeout: 30_000 }).toBeGreaterThan(first!.at);

    const alarm = await witnessUntil(page, /^✗ The log does not match what this console saw$/);
    expect(await page.getByTestId('witness').getAttribute('data-alarm')).toBe('re-signed');
    expect(await page.getByTestId('witness').getAttribute('role')).toBe('alert');
    expect(alarm).toContain(`The checkpoint at entry ${first!.seq} was signed again`);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/log-witness-alarm.png', fullPage: true });

    // Not a passing scare: looked at again, the alarm stands (what was seen is kept, not replaced).
    await page.reload();
    await expect.poll(() => page.getByTestId('witness').getAttribute('data-alarm')).toBe('re-signed');
  });
});
