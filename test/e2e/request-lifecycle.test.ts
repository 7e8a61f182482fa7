/**
 * One lifecycle for a request, in real Chromium: drafting, then only the request's card while it
 * waits, then what to tell the customer once a team lead decides, then back to an empty form; the
 * card and "Resolution logged" stay with the ticket across a switch to another ticket and a
 * reload (the open reply says where the ticket stands), so a ticket is never resolved twice.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { panel } from '../support/browser';
import { askForApproval, panelAxeViolations } from '../support/panel-checks';
import { connectSocket, send, signIn } from '../support/remote-clients';
import type { ClientSocket } from '../support/app';
import { startZendeskStack, type ZendeskStack } from '../support/stack';

let stack: ZendeskStack;
let lead: ClientSocket;
beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  stack = await startZendeskStack({ email: 'agent@acme.test' });
  // The team lead decides from a socket of their own, as the side panel does.
  lead = await connectSocket(stack.server.url, await signIn(stack.server.url, 'lead@acme.test'));
  expect(await send(lead, 'duty:set', { onDuty: true })).toHaveProperty('data');
});
afterAll(async () => {
  lead?.disconnect();
  await stack?.close();
});

const customerName = (page: Page) => panel(page).locator('[data-field="customer-name"]');
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/lifecycle-${name}.png` });

async function openTicket(id: string, customer: string): Promise<Page> {
  const page = await stack.browser.context.newPage();
  await page.goto(`https://acme.zendesk.com/agent/tickets/${id}`);
  await expect.poll(() => customerName(page).textContent()).toBe(customer);
  return page;
}

/** The pending request the agent raised for this customer, as the lead's queue lists it. */
async function pendingFor(customer: string): Promise<ExceptionView> {
  const res = (await send(lead, 'exception:pending', {})) as { data: ExceptionView[] };
  const found = res.data.find((e) => e.customer.name === customer);
  if (!found) throw new Error(`no pending request for ${customer}`);
  return found;
}

/** Nothing of the form while the card is all there is to act on. */
async function expectNoForm(page: Page) {
  const p = panel(page);
  expect(await p.locator('input[name=amount]').count()).toBe(0);
  expect(await p.locator('textarea[name=note]').count()).toBe(0);
  expect(await p.locator('[data-field="verdict"]').count()).toBe(0);
  expect(await p.getByRole('button', { name: /^Request approval/ }).count()).toBe(0);
}

describe('one lifecycle for a request', () => {
  it('pending, decided, kept across a switch, resolved once, still resolved after a reload', async () => {
    const page = await openTicket('102', 'Marco Rossi');
    const p = panel(page);
    await askForApproval(page, 'refund', '150', 'late_delivery', 'Third late delivery in a month');

    // Pending: the card only, with a labelled countdown.
    expect(await p.locator('.leeway').getAttribute('data-stage')).toBe('pending');
    expect(await p.locator('[data-field="exception-headline"]').textContent()).toBe('Waiting for a team lead');
    expect(await p.locator('[data-field="exception"] .due').textContent()).toMatch(/^Time to decide: \d+ min( \d\d s)? left$/);
    await expectNoForm(page);
    expect(await p.getByRole('button', { name: 'Withdraw request' }).count()).toBe(1);
    expect(await panelAxeViolations(page)).toEqual([]);
    await shot(page, 'pending');

    const asked = await pendingFor('Marco Rossi');
    expect(await send(lead, 'exception:decide', { exceptionId: asked.id, decision: 'approve' })).toHaveProperty('data');

    // Decided: what happened and what to tell the customer; no stale amount, no second request.
    const headline = p.locator('[data-field="exception-headline"]');
    await expect.poll(() => headline.textContent()).toBe('Approved by Lee Lead: $150 refund');
    const tell = p.locator('[data-field="tell-customer"]');
    expect(await tell.textContent()).toBe('Tell the customer: a $150 refund is on its way.');
    expect(await p.locator('.leeway').getAttribute('data-stage')).toBe('decided');
    await expectNoForm(page);
    expect(await p.getByRole('button', { name: 'Done' }).count()).toBe(1);
    expect(await panelAxeViolations(page)).toEqual([]);
    await shot(page, 'decided');

    // To another ticket and back: the card comes back with the ticket, as decided.
    await page.locator('[data-test-id="header-tab"][data-ticket-id="101"]').click();
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');
    expect(await p.locator('[data-field="exception"]').count()).toBe(0);
    await page.locator('[data-test-id="header-tab"][data-ticket-id="102"]').click();
    await expect.poll(() => customerName(page).textContent()).toBe('Marco Rossi');
    await expect.poll(() => tell.textContent()).toBe('Tell the customer: a $150 refund is on its way.');
    await expectNoForm(page);
    await shot(page, 'after-switch');

    // Done: back to an empty form.
    await p.getByRole('button', { name: 'Done' }).click();
    expect(await p.locator('.leeway').getAttribute('data-stage')).toBe('drafting');
    expect(await p.locator('input[name=amount]').inputValue()).toBe('');
    expect(await p.locator('[data-field="exception"]').count()).toBe(0);
    await shot(page, 'done');

    // Resolved: logged, with when, and no way to resolve again.
    await p.getByRole('button', { name: 'Resolve…' }).click();
    await p.locator('select[name=category]').selectOption('delivery');
    await p.locator('textarea[name=resolution-note]').fill('Refunded the late delivery');
    await p.getByRole('button', { name: 'Log resolution' }).click();
    await expect.poll(() => p.locator('[data-field="logged"]').textContent()).toBe('Resolution logged');
    expect(await p.locator('[data-field="logged-at"]').textContent()).toBe('just now');
    expect(await p.getByRole('button', { name: 'Resolve…' }).count()).toBe(0);
    await shot(page, 'logged');

    // A reload builds everything afresh from the server: still logged, still no "Resolve…"; the
    // request, decided before the ticket was resolved, is done with: the form is back, empty.
    await page.reload();
    await expect.poll(() => customerName(page).textContent()).toBe('Marco Rossi');
    await expect.poll(() => p.locator('[data-field="logged"]').count()).toBe(1);
    expect(await p.locator('[data-field="exception"]').count()).toBe(0);
    expect(await p.locator('input[name=amount]').inputValue()).toBe('');
    expect(await p.locator('[data-field="logged-at"]').textContent()).toMatch(/^(just now|\d+ min ago)$/);
    expect(await p.getByRole('button', { name: 'Resolve…' }).count()).toBe(0);
    expect(await panelAxeViolations(page)).toEqual([]);
    await p.locator('[data-field="logged"]').scrollIntoViewIfNeeded();
    await shot(page, 'reloaded');
    await page.close();
  });

  it('a request raised before a reload can still be withdrawn after it; a denial says nothing was granted', async () => {
    const page = await openTicket('101', 'Dana Whitfield');
    const p = panel(page);
    await askForApproval(page, 'account_credit', '45', 'goodwill', 'Charged twice, very upset');
    await page.reload();
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');
    await expect.poll(() => p.locator('[data-field="exception"]').getAttribute('data-status')).toBe('pending');
    await expectNoForm(page);

    await p.getByRole('button', { name: 'Withdraw request' }).click();
    await expect.poll(() => p.locator('[data-field="withdrawn"]').textContent()).toBe('Request withdrawn. Nothing was granted.');
    expect(await p.locator('.leeway').getAttribute('data-stage')).toBe('drafting');
    expect(await p.locator('input[name=amount]').inputValue()).toBe('');
    expect(await p.locator('.note.error').count()).toBe(0);
    expect(await panelAxeViolations(page)).toEqual([]);
    await shot(page, 'withdrawn');

    // Asked again and denied: nothing granted, the lead's words to pass on, then an empty form.
    await askForApproval(page, 'account_credit', '45', 'goodwill', 'Charged twice, very upset');
    const asked = await pendingFor('Dana Whitfield');
    const note = 'We credited this account last week';
    expect(await send(lead, 'exception:decide', { exceptionId: asked.id, decision: 'deny', note })).toHaveProperty('data');
    const tell = p.locator('[data-field="tell-customer"]');
    await expect.poll(() => tell.textContent()).toBe(`Tell the customer nothing was granted: “${note}”`);
    expect(await p.locator('[data-field="exception-headline"]').textContent()).toBe('Denied by Lee Lead');
    await expectNoForm(page);
    expect(await panelAxeViolations(page)).toEqual([]);
    await shot(page, 'denied');
    await p.getByRole('button', { name: 'Done' }).click();
    expect(await p.locator('input[name=amount]').inputValue()).toBe('');
    expect(await p.locator('[data-field="withdrawn"]').count()).toBe(0);
    await page.close();
  });
});
