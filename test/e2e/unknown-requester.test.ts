/**
 * Issue 19 in real Chromium: a requester no customer matches is a start, not a dead end. The
 * panel says who was looked for in words (masked), lets the agent log the contact without a
 * customer, find the customer and link the requester; the customer's context then shows, and
 * still does after a reload. Zendesk ticket 103's requester (9003, someone.new@example.net) is no
 * demo customer's.
 */
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panel } from '../support/browser';
import { panelAxeViolations } from '../support/panel-checks';
import { startZendeskStack, type ZendeskStack } from '../support/stack';

const SHOTS = 'test-results';
let stack: ZendeskStack;
let page: Page;
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startZendeskStack({ email: 'agent@acme.test' });
  page = await stack.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
});
afterAll(async () => {
  await stack?.close();
});

const p = () => panel(page);
const unknown = () => p().locator('[data-field="unknown"]');

describe('an unknown requester', () => {
  it('says who was looked for in words, masked, and passes axe', async () => {
    await page.goto('https://acme.zendesk.com/agent/tickets/103');
    await unknown().waitFor();
    const text = await unknown().textContent();
    expect(text).toContain('Unknown requester. No customer matches s***@example.net or requester #9003 on acme.zendesk.com.');
    expect(text).not.toMatch(/someone\.new|zendesk requester|zendesk@/);
    expect(await p().getByRole('button', { name: 'Resolve without a customer…' }).count()).toBe(1);
    expect(await panelAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/unknown-requester.png` });
  });

  it('logs the contact’s resolution without a customer', async () => {
    await p().getByRole('button', { name: 'Resolve without a customer…' }).click();
    await p().locator('form.resolve').waitFor();
    await p().locator('select[name=category]').selectOption('product');
    await p().locator('textarea[name=resolution-note]').fill('Explained how gift cards combine');
    await page.screenshot({ path: `${SHOTS}/unknown-requester-resolve.png` });
    await p().getByRole('button', { name: 'Log resolution' }).click();
    await expect.poll(() => p().locator('[data-field="logged"]').textContent()).toBe('Resolution logged, without a customer');
    const db = new Database(stack.server.dbFile, { readonly: true });
    try {
      const row = db
        .prepare("select customer_id as customerId from resolution_log where kind = 'resolution' and ticket_ref = ?")
        .get('zendesk@acme.zendesk.com:103') as { customerId: string | null } | undefined;
      expect(row).toEqual({ customerId: null });
    } finally {
      db.close();
    }
  });

  it('searches the customers: too short is refused in words; matches show masked contact', async () => {
    const search = p().getByRole('searchbox', { name: 'Find the customer to link this requester to' });
    await search.fill('p');
    await p().getByRole('button', { name: 'Search' }).click();
    expect(await p().locator('[data-field="search-error"]').textContent()).toBe(
      'Type at least 2 characters of a name, an email or a phone number.',
    );
    await search.fill('priya');
    await p().getByRole('button', { name: 'Search' }).click();
    const hits = p().locator('[data-field="customer-hits"] li');
    await expect.poll(() => hits.count()).toBe(1);
    expect(await hits.first().textContent()).toBe('Priya Natarajanstandardp***@example.comLink…');
    expect(await panelAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/unknown-requester-search.png` });
  });

  it('links the requester to the customer picked: their context appears, the link is audited, and a reload still knows them', async () => {
    await p().getByRole('button', { name: 'Link to Priya Natarajan…', exact: true }).click();
    const confirm = p().locator('[data-field="link-confirm"]');
    expect(await confirm.textContent()).toContain('Add s***@example.net and requester #9003 on acme.zendesk.com to Priya Natarajan?');
    await page.screenshot({ path: `${SHOTS}/unknown-requester-confirm.png` });
    await confirm.getByRole('button', { name: 'Link to Priya Natarajan' }).click();
    const name = p().locator('[data-field="customer-name"]');
    await expect.poll(() => name.textContent(), { timeout: 15_000 }).toBe('Priya Natarajan');
    expect(await unknown().count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/unknown-requester-linked.png` });

    const db = new Database(stack.server.dbFile, { readonly: true });
    try {
      const audit = db.prepare("select target, detail from audit_log where action = 'customer.link-identity'").all() as {
        target: string;
        detail: string;
      }[];
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.detail)).toMatchObject({
        identities: ['s***@example.net', 'requester #9003 on acme.zendesk.com'],
        ticket: 'zendesk@acme.zendesk.com:103',
      });
    } finally {
      db.close();
    }

    await page.reload();
    await expect.poll(() => p().locator('[data-field="customer-name"]').textContent(), { timeout: 15_000 }).toBe('Priya Natarajan');
    await page.screenshot({ path: `${SHOTS}/unknown-requester-reloaded.png` });
  });
});
