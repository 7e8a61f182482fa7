/**
 * The People tab of the console, in real Chromium against the real server process: an admin
 * invites someone (the token shown once), changes a person's team, deactivates someone after a
 * confirmation (they are refused at once); the page passes axe. The invitee then sets their
 * password in the options page with the token and signs in; their console has no People tab.
 */
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server-process';
import { apiToken } from '../support/stack';

let server: ServerProcess;
let browser: ExtensionBrowser;
let inviteToken = '';

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  // Chromium launches while the server starts: neither needs the other until the sign-in.
  [server, browser] = await Promise.all([startServer(), launchWithExtension([])]);
  await signIn(browser, server.url, 'admin@acme.test');
});
afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

const openPeople = async () => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/console.html`);
  await page.getByRole('button', { name: 'People' }).click();
  await page.getByTestId('people').locator('tr[data-user="agent@acme.test"]').waitFor();
  return page;
};

describe('People console', () => {
  it('lists people, invites with a one-time token shown once, and passes axe', async () => {
    const page = await openPeople();
    const view = page.getByTestId('people');
    expect(await view.locator('tr[data-user="lead@acme.test"] td').allTextContents()).toEqual([
      'Lee Lead lead@acme.test',
      'supervisor',
      '1',
      'billing',
      'Team lead',
      'active',
      expect.any(String),
    ]);

    await view.getByLabel('Email', { exact: true }).fill('new.hire@acme.test');
    await view.getByLabel('Name', { exact: true }).fill('Noor Hire');
    await view.locator('form.invite select[name=role]').selectOption('agent');
    await view.locator('form.invite input[name=team]').fill('returns');
    await view.getByRole('button', { name: 'Invite' }).click();
    const token = page.getByTestId('invite-token');
    await token.waitFor();
    // Focus moves to the token, so keyboard and screen reader users land on it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('invite-token');
    inviteToken = await token.getByLabel('One-time token').inputValue();
    expect(inviteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => view.locator('tr[data-user="new.hire@acme.test"]').getAttribute('data-status')).toBe('invited');
    await page.screenshot({ path: 'test-results/people-console.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await token.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('invite-token').count()).toBe(0);
    // Never shown again: not in the list, not after a reload.
    await page.reload();
    await page.getByRole('button', { name: 'People' }).click();
    await view.locator('tr[data-user="new.hire@acme.test"]').waitFor();
    expect(await page.content()).not.toContain(inviteToken);
  });

  it("changes a person's team, and deactivates after a confirmation: they are refused at once", async () => {
    const page = await openPeople();
    const view = page.getByTestId('people');
    await view.getByRole('button', { name: 'Change access of Sasha Senior' }).click();
    const editing = view.locator('tr.editing');
    await editing.getByLabel('Team of Sasha Senior').fill('returns');
    await editing.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => view.locator('tr[data-user="senior@acme.test"] td').nth(3).textContent()).toBe('returns');

    const agentToken = await apiToken(server.url, 'agent@acme.test');
    await view.getByRole('button', { name: 'Deactivate Alex Agent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate Alex Agent?' });
    await dialog.waitFor();
    // The question has the focus, on its harmless answer.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.screenshot({ path: 'test-results/people-console-confirm.png' });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => view.locator('tr[data-user="agent@acme.test"]').getAttribute('data-status')).toBe('deactivated');
    await view.getByRole('status').filter({ hasText: 'Alex Agent is deactivated and signed out everywhere.' }).waitFor();
    const refused = await fetch(`${server.url}/v1/policy`, { headers: { authorization: `Bearer ${agentToken}` } });
    expect(refused.status).toBe(401);

    // Escape says no.
    await view.getByRole('button', { name: 'Reactivate Alex Agent' }).click();
    await page.getByRole('dialog', { name: 'Reactivate Alex Agent?' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await view.locator('tr[data-user="agent@acme.test"]').getAttribute('data-status')).toBe('deactivated');
  });

  it('lists erasure requests with their due dates, and carries one out after a confirmation', async () => {
    const admin = await apiToken(server.url, 'admin@acme.test');
    const db = new Database(server.dbFile, { readonly: true });
    const ids = ['priya@example.com', 'sam.okafor@example.com'].map(
      (email) =>
        (db.prepare("select customer_id as id from identities where kind = 'email' and value = ?").get(email) as { id: string }).id,
    );
    db.close();
    for (const customerId of ids) {
      const res = await fetch(`${server.url}/v1/erasure-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ customerId, note: 'Asked by email' }),
      });
      expect(res.status).toBe(200);
    }
    const page = await openPeople();
    const list = page.getByTestId('erasure-requests');
    await expect.poll(() => list.locator('tr[data-status="pending"]').count()).toBe(2);
    await list.getByRole('button', { name: `Erase customer ${ids[0]}` }).click();
    const dialog = page.getByRole('dialog', { name: `Erase customer ${ids[0]}?` });
    await dialog.getByRole('button', { name: 'Erase' }).click();
    await list
      .getByRole('status')
      .filter({ hasText: `Customer ${ids[0]} is erased` })
      .waitFor();
    await expect.poll(() => list.locator('tr[data-status="erased"]').count()).toBe(1);
    expect(await list.locator(`tr[data-status="erased"] td`).nth(4).textContent()).toMatch(/identities \d+/);
    await list.screenshot({ path: 'test-results/erasure-requests.png' });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the invitee sets a password with the token in the options page, signs in, and has no People tab', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.locator('input[name=email]').waitFor();
    await options.getByText('I have an invitation').click();
    await options.getByLabel('Invitation token').fill(inviteToken);
    await options.getByLabel('New password (at least 12 characters)').fill('noor chose this');
    await options.getByLabel('The same password again').fill('noor chose this');
    await options.screenshot({ path: 'test-results/options-invitation.png', fullPage: true });
    expect(await axeViolations(options)).toEqual([]);
    await options.getByRole('button', { name: 'Set my password' }).click();
    await options.getByText('Your password is set, new.hire@acme.test: sign in above with it.').waitFor();
    expect(await options.locator('input[name=email]').inputValue()).toBe('new.hire@acme.test');
    await options.locator('input[name=password]').fill('noor chose this');
    await options.getByRole('button', { name: 'Sign in' }).click();
    await options.getByTestId('signed-in').waitFor();

    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/console.html`);
    await page.getByRole('button', { name: 'Reviews' }).waitFor();
    expect(await page.getByRole('button', { name: 'People' }).count()).toBe(0);
  });
});
