/**
 * Issue 19: the agent → lead → agent → auditor flow with the keyboard only, in real Chromium
 * with the built extension and the real server. Every control is found by its role and name, and
 * every element focus passes through must show it.
 *
 * Into the panel: the manifest's command ("toggle-panel", Alt+Shift+L) is what takes focus into
 * the frame, but pressing it through Playwright (the debugging protocol) did not reach the
 * browser's extension commands here; so the test does once what that command's content script
 * does (focus the frame, which is out of the page's Tab order), and from there on only presses keys.
 */
import { mkdirSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, PANEL_FRAME, signIn, type ExtensionBrowser } from '../support/browser';
import { focusNotShown, tabTo } from '../support/keyboard';
import { startZendeskStack, type ZendeskStack } from '../support/stack';

let stack: ZendeskStack;
let lead: ExtensionBrowser;
let auditor: ExtensionBrowser;
/**
 * Elements this check cannot judge: in a second headless browser the console's date fields are
 * document.activeElement yet match neither :focus nor :focus-visible (their inner editor holds
 * focus), so no style can show there; console.css outlines them on :focus for real windows.
 */
const KNOWN_UNSEEN = ['input "From" in /console.html', 'input "To" in /console.html'];
/** Elements that had focus without showing it, "tag "name" in /page.html". */
const unseen = new Set<string>();

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  stack = await startZendeskStack({ email: 'agent@acme.test' });
  [lead, auditor] = await Promise.all([launchWithExtension([]), launchWithExtension([])]);
  await Promise.all([signIn(lead, stack.server.url, 'lead@acme.test'), signIn(auditor, stack.server.url, 'auditor@acme.test')]);
});
afterAll(async () => {
  await lead?.close().catch(() => {});
  await auditor?.close().catch(() => {});
  await stack?.close();
});

async function press(page: Page, key: string) {
  await page.keyboard.press(key);
  const missing = await focusNotShown(page);
  if (missing) unseen.add(missing);
}

async function extensionPage(b: ExtensionBrowser, path: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/${path}`);
  await page.bringToFront();
  return page;
}

describe('the keyboard only', () => {
  it('agent asks, lead approves, agent resolves, auditor opens the resolution for review', async () => {
    // The lead goes on duty: Tab to the box, Space.
    const side = await extensionPage(lead, 'sidepanel.html');
    await expect.poll(() => side.locator('[data-status]').first().getAttribute('data-status')).toBe('online');
    await side.getByText('Tick On duty to receive requests').waitFor();
    await tabTo(side, side.getByRole('checkbox', { name: /^On duty/ }), unseen);
    await press(side, 'Space');
    await side.getByText('Nothing waiting. New requests appear here as agents ask.').waitFor();

    // The agent, on Marco Rossi's ticket: into the panel's document, then keys only.
    const agent = await stack.browser.context.newPage();
    await agent.goto('https://acme.zendesk.com/agent/tickets/102');
    await agent.bringToFront();
    const p: FrameLocator = agent.frameLocator(PANEL_FRAME);
    await expect.poll(() => p.locator('[data-field="customer-name"]').textContent()).toBe('Marco Rossi');
    // Just shown: its controls wait until it has been in view a moment (panel/uncover-hold.ts), and Tab skips disabled ones.
    await expect.poll(() => p.locator('fieldset.controls').evaluate((el) => (el as HTMLFieldSetElement).disabled)).toBe(false);
    // What the shortcut's content script does (frame.ts shortcut()): focus the frame, out of the page's Tab order.
    await agent.locator(PANEL_FRAME).focus();

    const action = p.getByRole('combobox', { name: 'Action' });
    await tabTo(agent, action, unseen);
    expect(await action.inputValue()).toBe('refund');
    const reason = p.getByRole('combobox', { name: /^Reason/ });
    await tabTo(agent, reason, unseen);
    await agent.keyboard.type('Late');
    expect(await reason.inputValue()).toBe('late_delivery');
    await tabTo(agent, p.getByRole('textbox', { name: /^Amount/ }), unseen);
    await agent.keyboard.type('150');
    const note = p.getByRole('textbox', { name: 'Why the customer needs this' });
    await tabTo(agent, note, unseen);
    await agent.keyboard.type('Third late delivery in a month');
    await tabTo(agent, p.getByRole('button', { name: /^Request approval from a team lead/ }), unseen);
    await press(agent, 'Enter');
    await expect.poll(() => p.getByText('Waiting for a team lead').count()).toBe(1);
    await agent.screenshot({ path: 'test-results/keyboard-agent-pending.png' });

    // The lead: Tab to the request's Approve, Enter (a note is optional to approve).
    await side.bringToFront();
    const card = side.getByRole('article', { name: 'Refund $150 for Marco Rossi' });
    await card.waitFor();
    await tabTo(side, card.getByRole('button', { name: 'Approve' }), unseen);
    await side.screenshot({ path: 'test-results/keyboard-lead-approve.png' });
    await press(side, 'Enter');
    await side
      .getByRole('region', { name: 'Recently decided' })
      .getByText(/^Approved by Lee Lead/)
      .waitFor();
    // The card left the queue with the focus: it lands on the queue's heading (no request is left), not the page.
    await expect.poll(() => side.evaluate(() => document.activeElement?.textContent)).toBe('Waiting for you (0)');
    await side.screenshot({ path: 'test-results/keyboard-lead-decided.png' });

    // The agent hears the decision (role=alert, focus untouched) and resolves with the keyboard.
    await agent.bringToFront();
    await expect.poll(() => p.getByRole('alert').textContent()).toBe('Approved by Lee Lead: $150 refund');
    await tabTo(agent, p.getByRole('button', { name: 'Resolve…' }), unseen);
    await press(agent, 'Enter');
    const category = p.getByRole('combobox', { name: 'Category' });
    await tabTo(agent, category, unseen);
    await agent.keyboard.type('Deli');
    expect(await category.inputValue()).toBe('delivery');
    await tabTo(agent, p.getByRole('textbox', { name: 'Note' }), unseen);
    await agent.keyboard.type('Refunded the late delivery, approved by Lee');
    await tabTo(agent, p.getByRole('button', { name: 'Log resolution' }), unseen);
    await press(agent, 'Enter');
    await p.getByText('Resolution logged').waitFor();
    await agent.screenshot({ path: 'test-results/keyboard-agent-resolved.png' });

    // The auditor: Queue, Build queue, then Review on the pick; the review form shows the ticket.
    const qa = await extensionPage(auditor, 'console.html');
    const queueTab = qa.getByRole('button', { name: 'Queue', exact: true });
    await queueTab.waitFor();
    await tabTo(qa, queueTab, unseen);
    await press(qa, 'Enter');
    await tabTo(qa, qa.getByRole('button', { name: 'Build queue' }), unseen, { max: 120 });
    await press(qa, 'Enter');
    // "Review", or "Review Alex Agent's resolution of …" (not the "Reviews" tab).
    const review = qa.getByRole('button', { name: /^Review( |$)/ });
    await review.first().waitFor();
    expect(await review.count()).toBe(1);
    await tabTo(qa, review, unseen, { max: 120 });
    await press(qa, 'Enter');
    await qa.getByRole('link', { name: /^Open ticket 102\b/ }).waitFor();
    expect(await qa.getByText('Marco Rossi').count()).toBeGreaterThan(0);
    await qa.screenshot({ path: 'test-results/keyboard-auditor-review.png' });

    // Every element focus passed through showed it, but for one known gap outside this suite's pages.
    expect([...unseen].filter((u) => !KNOWN_UNSEEN.includes(u))).toEqual([]);
  });
});
