/**
 * Stories 3 and 4 of docs/product.md in real Chromium: an agent asks for more than their leeway,
 * a team lead in another browser counters from the side panel, the agent sees it live; an
 * unanswered request moves up to a manager when its SLA runs out, and the manager is told.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { launchWithExtension, panel, signIn, type ExtensionBrowser } from '../support/browser';
import { askForApproval, panelAxeViolations } from '../support/panel-checks';
import { apiToken, startZendeskStack, type ZendeskStack } from '../support/stack';

let stack: ZendeskStack;
const supervisors: ExtensionBrowser[] = [];

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  stack = await startZendeskStack({ email: 'agent@acme.test', serverEnv: { LEEWAY_SLA_SWEEP_MS: '200' } });
});
afterAll(async () => {
  for (const b of supervisors) await b.close().catch(() => {});
  await stack?.close();
});

/** A supervisor in their own browser, side panel open, on duty. */
async function supervisorOnDuty(email: string): Promise<Page> {
  const b = await launchWithExtension([`MAP *.zendesk.com 127.0.0.1:${stack.helpdesk.port}`]);
  supervisors.push(b);
  await signIn(b, stack.server.url, email);
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
  await expect.poll(() => page.locator('[data-status]').first().getAttribute('data-status')).toBe('online');
  await page.locator('input[name=onDuty]').check();
  await expect.poll(() => page.locator('label.duty').textContent()).toMatch(/On duty as/);
  return page;
}

async function agentAsks(ticket: string, customer: string, action: string, amount: string, reason: string, note: string): Promise<Page> {
  const page = await stack.browser.context.newPage();
  await page.goto(`https://acme.zendesk.com/agent/tickets/${ticket}`);
  await expect.poll(() => panel(page).locator('[data-field="customer-name"]').textContent()).toBe(customer);
  await askForApproval(page, action, amount, reason, note);
  return page;
}

describe('exceptions in real time', () => {
  it('story 3: request, a supervisor in another browser counters, the agent sees the decision live', async () => {
    const lead = await supervisorOnDuty('lead@acme.test');
    const agent = await agentAsks('102', 'Marco Rossi', 'refund', '150', 'late_delivery', 'Third late delivery in a month');
    expect(await panel(agent).locator('[data-field="exception-headline"]').textContent()).toBe('Waiting for a team lead');
    // Pending: a labelled countdown; the panel passes axe.
    expect(await panel(agent).locator('[data-field="exception"] .sla').textContent()).toMatch(/^\d+ min( \d\d s)? left$/);
    expect(await panelAxeViolations(agent)).toEqual([]);
    await agent.screenshot({ path: 'test-results/panel-pending.png' });

    const card = lead.locator('article.request[data-status="pending"]');
    await card.waitFor();
    expect(await card.locator('[data-field="customer"]').textContent()).toBe('Marco Rossi');
    expect(await card.textContent()).toContain('“Third late delivery in a month”');
    expect(await card.textContent()).toContain('Policy: Refund above $100 for gold or platinum customers needs a team lead.');
    await lead.screenshot({ path: 'test-results/sidepanel-request.png' });

    await card.locator('textarea[name=note]').fill('Offer $120 and free shipping next time');
    await card.locator('input[name=counter]').fill('120');
    await card.getByRole('button', { name: 'Counter' }).click();

    const headline = panel(agent).locator('[data-field="exception-headline"]');
    await expect.poll(() => headline.textContent()).toBe('Counter-offer from Lee Lead: $120 refund');
    expect(await panel(agent).locator('.decision-note').textContent()).toBe('“Offer $120 and free shipping next time”');
    // What to tell the customer, and nothing of the form while the decision is on screen.
    expect(await panel(agent).locator('[data-field="tell-customer"]').textContent()).toBe(
      'Tell the customer: we cannot do the $150 refund, but a $120 refund is on its way.',
    );
    expect(await panel(agent).locator('input[name=amount]').count()).toBe(0);
    // A decision on the agent's own request interrupts (role=alert), without taking focus from the page.
    expect(await panel(agent).locator('[role=alert][data-field="announce-alert"]').textContent()).toBe(
      'Counter-offer from Lee Lead: $120 refund',
    );
    expect(await panelAxeViolations(agent)).toEqual([]);
    await agent.screenshot({ path: 'test-results/panel-countered.png' });
    // Done: the form is back, and the counter-offer was recorded as a grant: the agent's budget shows it.
    await panel(agent).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => panel(agent).locator('[data-field="agent-budget"]').textContent()).toBe('$380 of your daily budget left');
    await expect.poll(() => lead.locator('[data-field="decided-today"]').textContent()).toBe('1');
    await lead.screenshot({ path: 'test-results/sidepanel-decided.png' });
  });

  it('story 4: nobody answers within the SLA, the request moves up a level and that level is told', async () => {
    const fast = structuredClone(DEMO_POLICY);
    fast.levels![0]!.slaSeconds = 2;
    const res = await fetch(`${stack.server.url}/v1/policy/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await apiToken(stack.server.url, 'admin@acme.test')}` },
      body: JSON.stringify({ document: fast, note: 'two-second team lead SLA for the test' }),
    });
    expect(res.status).toBe(201);

    const manager = await supervisorOnDuty('manager@acme.test');
    const agent = await agentAsks('101', 'Dana Whitfield', 'account_credit', '45', 'goodwill', 'Charged twice, very upset');
    expect(await panel(agent).locator('[data-field="exception"]').getAttribute('data-level')).toBe('team_lead');

    const card = manager.locator('article.request[data-status="pending"]');
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('[data-field="customer"]').textContent()).toBe('Dana Whitfield');
    const exception = panel(agent).locator('[data-field="exception"]');
    await expect.poll(() => exception.getAttribute('data-level')).toBe('manager');
    expect(await panel(agent).locator('[data-field="exception-headline"]').textContent()).toBe('Waiting for a manager');
    expect(await exception.locator('.steps').textContent()).toContain('No answer from team lead within 2 s: sent to manager');
    await manager.screenshot({ path: 'test-results/sidepanel-escalated.png' });
    await agent.screenshot({ path: 'test-results/panel-escalated.png' });
  });
});
