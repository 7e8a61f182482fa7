/**
 * Empowerment boundaries in real Chromium: the panel evaluates amounts as the agent types
 * (allowed / needs approval / forbidden, with the reason), agrees with the server on every
 * case, records a grant within leeway, and the API refuses what the policy does not allow.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panel } from '../support/browser';
import { apiToken, startZendeskStack, type ZendeskStack } from '../support/stack';

let stack: ZendeskStack;
let token: string;
beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  stack = await startZendeskStack({ email: 'agent@acme.test' });
  token = await apiToken(stack.server.url, 'agent@acme.test');
});
afterAll(() => stack?.close());

async function openTicket(id: string, customer: string): Promise<Page> {
  const page = await stack.browser.context.newPage();
  await page.goto(`https://acme.zendesk.com/agent/tickets/${id}`);
  await expect.poll(() => panel(page).locator('[data-field="customer-name"]').textContent()).toBe(customer);
  return page;
}

async function tryAmount(page: Page, action: string, amount: string, reason = '') {
  const p = panel(page);
  await p.locator('select[name=action]').selectOption(action);
  if (await p.locator('select[name=reason]').count()) await p.locator('select[name=reason]').selectOption(reason);
  await p.locator('input[name=amount]').fill(amount);
  const verdict = p.locator('[data-field="verdict"]');
  return { outcome: await verdict.getAttribute('data-outcome'), text: (await verdict.textContent()) ?? '' };
}

async function serverDecision(customerId: string, action: string, amountCents: number, reasonCode: string | null) {
  const res = await fetch(`${stack.server.url}/v1/grants/evaluate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ customerId, action, amountCents, reasonCode }),
  });
  return ((await res.json()) as { decision: { outcome: string; reason: string } }).decision;
}

describe('what the agent may grant', () => {
  it('lists, before the agent asks, each action up to how much, and the daily budget left', async () => {
    const page = await openTicket('101', 'Dana Whitfield');
    const p = panel(page);
    expect(await p.locator('li[data-action="refund"]').textContent()).toBe('Refund up to $100');
    expect(await p.locator('li[data-action="goodwill_gesture"]').textContent()).toBe('Goodwill gesture up to $10');
    expect(await p.locator('[data-field="agent-budget"]').textContent()).toBe('$500 of your daily budget left');
    await page.close();
  });

  it('answers allowed / needs approval / forbidden as the agent types, with the reason', async () => {
    const page = await openTicket('101', 'Dana Whitfield');
    expect(await tryAmount(page, 'refund', '40', 'damaged')).toEqual({
      outcome: 'allowed',
      text: 'Within leeway Within your leeway: up to $100 of refund for gold or platinum customers.',
    });
    expect(await tryAmount(page, 'refund', '150', 'damaged')).toEqual({
      outcome: 'needs_approval',
      text: 'Needs a team lead Refund above $100 for gold or platinum customers needs a team lead.',
    });
    expect(await tryAmount(page, 'free_replacement', '95', 'damaged')).toMatchObject({
      outcome: 'needs_approval',
      text: expect.stringMatching(/^Needs a manager/),
    });
    await page.screenshot({ path: 'test-results/leeway-needs-approval.png' });
    await page.close();

    const sam = await openTicket('104', 'Sam Okafor');
    expect(await tryAmount(sam, 'refund', '10', 'billing_error')).toEqual({
      outcome: 'forbidden',
      text: 'Not allowed A chargeback is open: refunds and credits go through the dispute, not here.',
    });
    expect(await panel(sam).locator('button[type=submit]').isDisabled()).toBe(true);
    await sam.screenshot({ path: 'test-results/leeway-forbidden.png' });
    await sam.close();
  });

  it('decides exactly as the server does, case by case', async () => {
    const page = await openTicket('102', 'Marco Rossi');
    const customerId = await customerIdOf('marco.rossi@example.com');
    const cases: [string, string, string][] = [
      ['refund', '100', 'late_delivery'],
      ['refund', '100.01', 'late_delivery'],
      ['refund', '30', ''],
      ['account_credit', '30', 'goodwill'],
      ['account_credit', '31', 'goodwill'],
      ['discount', '20', ''],
      ['fee_waiver', '5', 'late_fee'],
      ['expedited_shipping', '16', ''],
      ['goodwill_gesture', '9.99', ''],
    ];
    for (const [action, amount, reason] of cases) {
      const shown = await tryAmount(page, action, amount, reason);
      const server = await serverDecision(customerId, action, Math.round(Number(amount) * 100), reason || null);
      expect({ action, amount, reason, outcome: shown.outcome }).toEqual({ action, amount, reason, outcome: server.outcome });
      expect(shown.text).toContain(server.reason);
    }
    await page.close();
  });

  it('records a grant within leeway; the budget shrinks', async () => {
    const page = await openTicket('101', 'Dana Whitfield');
    await tryAmount(page, 'refund', '40', 'damaged');
    await panel(page).getByRole('button', { name: 'Record grant' }).click();
    await expect.poll(() => panel(page).locator('[data-field="grant-result"]').textContent()).toBe('Recorded: $40 refund.');
    expect(await panel(page).locator('[data-field="agent-budget"]').textContent()).toBe('$460 of your daily budget left');
    expect(await panel(page).locator('li[data-action="refund"]').textContent()).toBe('Refund up to $100');
    await page.screenshot({ path: 'test-results/leeway-recorded.png' });
    await page.close();
  });

  it('refuses a grant beyond the policy sent straight to the API', async () => {
    const res = await fetch(`${stack.server.url}/v1/grants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        customerId: await customerIdOf('dana.whitfield@example.com'),
        action: 'refund',
        amountCents: 12_000,
        reasonCode: 'damaged',
        idempotencyKey: randomUUID(),
      }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe('Refund above $100 for gold or platinum customers needs a team lead.');
  });
});

async function customerIdOf(email: string): Promise<string> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(stack.server.dbFile, { readonly: true });
  try {
    return (db.prepare("select customer_id from identities where kind = 'email' and value = ?").get(email) as { customer_id: string })
      .customer_id;
  } finally {
    db.close();
  }
}
