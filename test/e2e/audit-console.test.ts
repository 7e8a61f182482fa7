/**
 * The audit log in the console, in real Chromium against the real server process: an admin
 * creates adapters and changes the log's retention over REST, opens the Audit log view, finds the entry by its
 * filter, pages with "Load more" and downloads the CSV; an auditor's console has no such view.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server-process';
import { apiToken } from '../support/stack';
import { axeViolations } from '../support/axe';

let server: ServerProcess;
let browser: ExtensionBrowser;
let adminToken: string;

async function rest(method: 'PUT' | 'POST' | 'PATCH', path: string, body: object) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json() as Promise<Record<string, any>>;
}

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  // Chromium launches while the server starts: neither needs the other until the sign-in.
  [server, browser] = await Promise.all([startServer(), launchWithExtension([])]);
  adminToken = await apiToken(server.url, 'admin@acme.test');
  // Audited acts: enough adapters created to need a second page of 50, then the retention period set.
  for (let i = 1; i <= 55; i++)
    await rest('POST', '/v1/adapters', {
      name: `Desk ${i}`,
      matches: [`https://desk${i}.example.test/*`],
      ticketUrl: '/tickets/(\\d+)',
      selectors: { email: '.requester a[href^="mailto:"]' },
    });
  const users = (await (await fetch(`${server.url}/v1/users`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as {
    users: { id: string; email: string }[];
  };
  const senior = users.users.find((u) => u.email === 'senior@acme.test')!;
  await rest('PATCH', `/v1/users/${senior.id}`, { agentLevel: 3 });
  await rest('PUT', '/v1/log/retention', { days: 180 });
  await signIn(browser, server.url, 'admin@acme.test');
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

describe('audit log console', () => {
  it('an admin sees the change, filters to it and exports it as CSV', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html`);
    await page.getByRole('button', { name: 'Audit log' }).click();
    const view = page.getByTestId('audit-log');
    const rows = view.locator('tbody tr');
    // Newest first, 50 a page: the retention change, then the adapters (sign-ins may be among them).
    const retention = view.locator('tr[data-action="log.retention"]');
    await expect.poll(() => retention.count()).toBe(1);
    expect(await rows.count()).toBe(50);
    expect(await rows.first().getAttribute('data-action')).toMatch(/^(log\.retention|auth\..+)$/);
    await page.screenshot({ path: 'test-results/audit-console.png' });
    // In words, with the raw action, ids and detail on demand.
    expect(await retention.locator('[data-field=audit-sentence]').textContent()).toBe('Ada Admin set the log to keep entries for 180 days');
    expect(await retention.locator('details').getAttribute('open')).toBeNull();
    await retention.getByText('Details').click();
    expect(await retention.locator('dd').allTextContents()).toEqual([
      'log.retention',
      expect.stringMatching(/^Ada Admin \(admin@acme\.test, admin\) · [\w-]+$/),
      'log:retention',
      'days: 180 · pruned: 0',
    ]);
    // A row about a person names them: the server returns the target's name from the same tenant.
    const change = view.locator('tr[data-action="user.access-change"]');
    expect(await change.locator('[data-field=audit-sentence]').textContent()).toBe('Ada Admin changed the access of Sasha Senior');
    expect(await axeViolations(page)).toEqual([]);

    await view.locator('input[name=action]').fill('log.retention');
    await view.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.screenshot({ path: 'test-results/audit-console-filtered.png', fullPage: true });

    // Export with the filter applied: a file of exactly that row.
    const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('audit-log.csv');
    const csv = parse(readFileSync((await download.path())!), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.action, r.actor_email, r.target, r.detail])).toEqual([
      ['log.retention', 'admin@acme.test', 'log:retention', '{"days":180,"pruned":0}'],
    ]);
  });

  it('"Load more" fetches the next page of 50, then there is no more', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html`);
    await page.getByRole('button', { name: 'Audit log' }).click();
    const view = page.getByTestId('audit-log');
    await view.locator('input[name=action]').fill('adapter.');
    await view.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => view.locator('tbody tr').count()).toBe(50);
    await view.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => view.locator('tbody tr').count()).toBe(55);
    expect(await view.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const names = await view.locator('tbody tr .detail').allTextContents();
    expect(names[0]).toBe('name: Desk 55');
    expect(names.at(-1)).toBe('name: Desk 1');
    expect(new Set(names).size).toBe(55);
    await page.screenshot({ path: 'test-results/audit-console-load-more.png' });
  });

  it('a filter that matches nothing says what to do next', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html`);
    await page.getByRole('button', { name: 'Audit log' }).click();
    const view = page.getByTestId('audit-log');
    await view.locator('input[name=action]').fill('customer.erase');
    await view.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => view.locator('[data-field=audit-empty]').textContent())
      .toBe('Nothing recorded matches these filters. Clear a filter or widen the dates, then press Apply.');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/audit-console-empty.png', fullPage: true });
  });

  it('an auditor has no Audit log view, and the server refuses them anyway', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.locator('input[name=email]').waitFor();
    await options.close();
    await signIn(browser, server.url, 'auditor@acme.test');
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html`);
    await page.getByRole('button', { name: 'Queue' }).waitFor();
    expect(await page.getByRole('button', { name: 'Audit log' }).count()).toBe(0);
    const res = await fetch(`${server.url}/v1/audit`, {
      headers: { authorization: `Bearer ${await apiToken(server.url, 'auditor@acme.test')}` },
    });
    expect(res.status).toBe(403);
  });
});
