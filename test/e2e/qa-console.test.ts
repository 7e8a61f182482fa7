/**
 * Story 5's QA half in real Chromium against the real server process: an auditor builds a
 * queue in the console and scores a resolution; the agent, in another browser, sees the
 * review and disputes it; a second reviewer (the admin) settles it; the charts render.
 * Resolutions are logged through the real API with the agent's token.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../support/browser';
import { ingestSecret, startServer, type ServerProcess } from '../support/server-process';
import { apiToken } from '../support/stack';
import { postEvent } from '../support/webhook';

let server: ServerProcess;
let auditor: ExtensionBrowser;
let agent: ExtensionBrowser;
const resolutionIds: string[] = [];

async function api(token: string, path: string, body: object) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, any>;
}

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  // Chromium launches while the server starts: neither needs the other until the sign-in.
  [server, auditor, agent] = await Promise.all([startServer(), launchWithExtension([]), launchWithExtension([])]);
  const token = await apiToken(server.url, 'agent@acme.test');
  const db = new Database(server.dbFile, { readonly: true });
  const { customerId } = db
    .prepare("select customer_id as customerId from identities where kind = 'email' and value = 'dana.whitfield@example.com'")
    .get() as { customerId: string };
  db.close();
  expect(customerId).toBeTruthy();
  const grant = await api(token, '/v1/grants', {
    customerId,
    action: 'refund',
    amountCents: 9_500,
    reasonCode: 'billing_error',
    idempotencyKey: randomUUID(),
  });
  for (const [ticketId, handleTimeSeconds, actions] of [
    ['e2e-1', 3_900, [{ action: 'refund', amountCents: 9_500, grantId: grant.grant.id }]],
    ['e2e-2', 240, []],
    ['e2e-3', 300, []],
  ] as const) {
    const r = await api(token, '/v1/resolutions', {
      idempotencyKey: randomUUID(),
      customerId,
      helpdesk: 'zendesk',
      ticketId,
      outcome: 'resolved',
      category: 'billing',
      note: 'Refunded the double charge',
      handleTimeSeconds,
      actions,
    });
    resolutionIds.push(r.id);
  }
  const key = { id: 'acme-demo', secret: await ingestSecret(server.dbFile, 'acme-demo') };
  expect(
    (
      await postEvent(server.url, key, {
        type: 'survey.answered',
        customer: { email: 'dana.whitfield@example.com' },
        data: { survey: 'csat', score: 4, ticketRef: 'zendesk:e2e-1' },
      })
    ).status,
  ).toBe(200);
  await Promise.all([signIn(auditor, server.url, 'auditor@acme.test'), signIn(agent, server.url, 'agent@acme.test')]);
});
afterAll(async () => {
  await auditor?.close().catch(() => {});
  await agent?.close().catch(() => {});
  await server?.stop();
});

/** Signs out through the options page, then in as `email`. */
async function switchUser(b: ExtensionBrowser, email: string) {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('input[name=email]').waitFor();
  await page.close();
  await signIn(b, server.url, email);
}

async function openConsole(b: ExtensionBrowser): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/console.html`);
  return page;
}

describe('QA console', () => {
  it('an auditor works a queue and scores a resolution; the agent disputes; a second reviewer settles it', async () => {
    const page = await openConsole(auditor);
    await expect
      .poll(() => page.getByTestId('integrity').locator('[data-field="integrity-status"]').textContent())
      .toMatch(/^✓ Log verified: \d+ entries intact$/);
    expect(await page.locator('h1').textContent()).toBe('Leeway console — QA and administration');
    // The auditor's tabs only: no Audit log or People shown as "may not …"; the offers agents are suggested, to read.
    expect(await page.getByRole('navigation', { name: 'Console pages' }).getByRole('button').allTextContents()).toEqual([
      'Overview',
      'Queue',
      'Reviews',
      'Disputes',
      'Calibration',
      'Findings',
      'Offers',
    ]);
    await page.getByRole('button', { name: 'Queue' }).click();
    await page.locator('input[name=randomShare]').fill('0');
    // The sampling seed is the admin's: an auditor who chose it could steer which work is reviewed.
    expect(await page.locator('input[name=seed]').count()).toBe(0);
    await page.screenshot({ path: 'test-results/qa-queue-auditor.png', fullPage: true });
    await page.locator('input[name=perAgentWeeklyMin]').fill('0');
    // The demo agent is new, so "first weeks" would pick everything: off here.
    await page.locator('input[name=newAgentWeeks]').fill('0');
    await page.getByRole('button', { name: 'Build queue' }).click();
    const row = page.locator(`[data-resolution="${resolutionIds[0]}"]`);
    await expect
      .poll(() => row.locator('.why').allTextContents())
      .toEqual(['refund $95 just under its $100 limit', 'long handle time (65 min)']);
    // Only what a rule picked: the two short ones stayed out.
    expect(await page.locator('[data-testid=queue] tbody tr').count()).toBe(1);

    await row.getByRole('button', { name: 'Review' }).click();
    const form = page.getByTestId('review-form');
    await expect
      .poll(() => form.locator('.checks li').allTextContents())
      .toEqual([
        '✓ followed policy: its one action within leeway',
        '✓ record complete: outcome, category, note and handle time recorded',
        '✓ survey linked: survey linked (75%)',
      ]);
    // The customer by name, and the ticket.
    expect(await form.locator('[data-field=customer]').textContent()).toBe('Customer: Dana Whitfield');
    // Pre-filled by the auto-checks; the rest by the auditor.
    expect(await form.locator('input[name=score-followed_policy][value="5"]').isChecked()).toBe(true);
    await form.locator('input[name=score-resolved_problem][value="4"]').check({ force: true });
    await form.locator('input[name=score-empathy][value="2"]').check({ force: true });
    // Comments are text areas: an auto-check's sentence shows whole, not cut at the field's edge.
    expect(await form.locator('textarea[name=comment-accurate_record]').inputValue()).toMatch(/^Auto-check: /);
    await form.locator('textarea[name=comment-empathy]').fill('Curt with the customer');
    await form.locator('textarea[name=review-comment]').fill('Right refund, cold tone');
    await page.screenshot({ path: 'test-results/qa-review-form.png', fullPage: true });
    await form.getByRole('button', { name: 'Submit review' }).click();
    await expect.poll(() => row.locator('.pill').textContent()).toBe('reviewed');

    // The agent sees the review of their work and disputes the empathy score.
    const mine = await openConsole(agent);
    const review = mine.getByTestId('reviews').locator('article.review');
    await expect.poll(() => review.count()).toBe(1);
    expect(await review.locator('strong').first().textContent()).toBe('Quality 77.5'); // (3·1 + 3·0.75 + 2·0.25 + 2·1)/10
    await review.getByRole('button', { name: 'Dispute…' }).click();
    await review.locator('input[name=dispute-empathy]').check();
    await review.locator('textarea[name=dispute-reason]').fill('The customer thanked me twice');
    await review.getByRole('button', { name: 'Send dispute' }).click();
    await expect.poll(() => mine.locator('.notice').textContent()).toBe('Dispute sent: a second reviewer will decide.');

    // The auditor who scored it may not settle it.
    await page.getByRole('button', { name: 'Disputes' }).click();
    await expect
      .poll(() => page.locator('article.dispute .muted.small').last().textContent())
      .toBe('You scored this review: another auditor or an admin decides.');

    // A second reviewer settles it.
    await switchUser(auditor, 'admin@acme.test');
    const second = await openConsole(auditor);
    await second.getByRole('button', { name: 'Disputes' }).click();
    const d = second.locator('article.dispute');
    // The decider sees the score in dispute beside it, and the new score starts there.
    await expect
      .poll(() => d.locator('[data-field=original-scores] li').allTextContents())
      .toEqual(['Empathy: scored 2 of 5 — “Curt with the customer”']);
    expect(await d.locator('input[name=amend-empathy]').inputValue()).toBe('2');
    expect(await d.getByLabel('Your reasons (the agent and the reviewer read them)').count()).toBe(1);
    await second.screenshot({ path: 'test-results/qa-dispute-decider.png', fullPage: true });
    await d.locator('input[name=amend-empathy]').fill('4');
    await d.locator('textarea[name=decision-note]').fill('Transcript shows warmth');
    await d.getByRole('button', { name: 'Amend score' }).click();
    await expect.poll(() => d.locator('.pill').textContent()).toBe('amended on dispute');
    expect(await d.locator('.trail li').allTextContents()).toEqual([
      expect.stringMatching(/Raised by Alex Agent: The customer thanked me twice$/),
      expect.stringMatching(/Amended on dispute by Ada Admin: Transcript shows warmth$/),
    ]);

    await mine.reload();
    await expect.poll(() => mine.getByTestId('reviews').locator('.pill').textContent()).toBe('amended on dispute');
    expect(await mine.getByTestId('reviews').locator('strong').first().textContent()).toBe('Quality 87.5'); // empathy 2 → 4
  });

  it('an admin may choose the sampling seed; findings say "not enough data" rather than "clean"', async () => {
    const page = await openConsole(auditor); // signed in as the admin now
    await page.getByRole('button', { name: 'Queue' }).click();
    await expect.poll(() => page.locator('input[name=seed]').count()).toBe(1);
    await page.getByRole('button', { name: 'Findings' }).click();
    const rows = page.getByTestId('detector-coverage').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(6);
    for (const text of await rows.locator('td:last-child').allTextContents())
      expect(text).toMatch(/^(\d+ findings?|Clean: \d+ agents? checked\.|Not enough data: it needs .+ in the period\.)$/);
    await page.screenshot({ path: 'test-results/qa-findings.png', fullPage: true });
  });

  it('the front shows integrity and the charts render', async () => {
    const page = await openConsole(auditor); // signed in as the admin now
    await expect.poll(() => page.locator('[data-chart] canvas').count()).toBe(4);
    await page.screenshot({ path: 'test-results/qa-console-front.png', fullPage: true });
    await page.locator('[data-chart=limits]').screenshot({ path: 'test-results/qa-chart-limits.png' });
    await page.locator('[data-chart=quality]').screenshot({ path: 'test-results/qa-chart-quality.png' });
  });

  it('the front shows suggested offers, with an outcome the agent recorded', async () => {
    const db = new Database(server.dbFile, { readonly: true });
    const { customerId } = db
      .prepare("select customer_id as customerId from identities where kind = 'email' and value = 'dana.whitfield@example.com'")
      .get() as { customerId: string };
    db.close();
    const token = await apiToken(server.url, 'agent@acme.test');
    // Shown to the agent first (an answer is to an offer they were shown: over REST, by asking that day).
    const shown = (await (
      await fetch(`${server.url}/v1/customers/${customerId}/recommendations`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { recommendations: { offerId: string }[] };
    expect(shown.recommendations.map((r) => r.offerId)).toContain('retention-credit');
    const told = await api(token, `/v1/customers/${customerId}/offer-outcomes`, {
      offerId: 'retention-credit',
      accepted: true,
    });
    expect(told.status).toBe('stored');
    const page = await openConsole(auditor); // signed in as the admin now
    const offers = page.getByTestId('suggested-offers');
    await expect.poll(() => offers.locator('tr[data-offer=retention-credit] td').nth(1).textContent()).toBe('1');
    expect(await offers.locator('h2').textContent()).toBe('Suggested offers (last 8 weeks)');
    expect(await axeViolations(page)).toEqual([]);
    await offers.screenshot({ path: 'test-results/qa-offers.png' });
  });

  it('a supervisor gets the console for their role: the offers, nothing of QA; a role with no console, a clear message', async () => {
    await switchUser(agent, 'lead@acme.test');
    const page = await openConsole(agent);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Leeway console — suggested offers');
    expect(await page.getByRole('navigation', { name: 'Console pages' }).getByRole('button').allTextContents()).toEqual([
      'Offer report',
      'Offers',
    ]);
    await expect
      .poll(() => page.getByTestId('suggested-offers').locator('tr[data-offer=retention-credit] td').nth(1).textContent())
      .toBe('1');
    expect(await page.getByTestId('console-error').count()).toBe(0);

    // A role the server gives no console (none today): who the console is for, in words, not the permission's code.
    const denied = await agent.context.newPage();
    await denied.route('**/v1/qa/me', (r) =>
      r.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'forbidden', message: 'may not console open' }),
      }),
    );
    await denied.goto(`chrome-extension://${agent.extensionId}/console.html`);
    await expect
      .poll(() => denied.getByTestId('console-error').textContent())
      .toBe(
        'Your role has no page in this console. It is for QA auditors and admins, for supervisors to follow how suggested offers fare, and for agents to read reviews of their work: ask an admin if you need one of these.',
      );
    expect(await denied.locator('h1').textContent()).toBe('Leeway console');
    expect(await axeViolations(denied)).toEqual([]);
    await denied.screenshot({ path: 'test-results/qa-console-not-for-role.png' });
  });
});
