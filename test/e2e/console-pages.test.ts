/**
 * Every console page filled and empty, in real Chromium against the real server process: the
 * acme demo with its weeks of history (LEEWAY_DEMO_HISTORY=1) filled, the globex demo (no
 * history) empty. Each page is screenshot into test-results/ and checked with axe: 0 violations;
 * an empty page says what to do next. A supervisor's console shows only the offers, read only.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe';
import { launchWithExtension, signIn, type ExtensionBrowser } from '../support/browser';
import type { OfferReport } from '@shared/schemas/qa-offer-replies';
import { type OfferTraffic, offerTraffic } from '../support/offer-traffic';
import { signIn as apiSignIn } from '../support/remote-clients';
import { startServer, type ServerProcess } from '../support/server-process';

let server: ServerProcess;
let filled: ExtensionBrowser;
let empty: ExtensionBrowser;

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  // Chromium launches while the server starts: neither needs the other until the sign-in.
  [server, filled, empty] = await Promise.all([
    startServer({ env: { LEEWAY_DEMO_HISTORY: '1' } }),
    launchWithExtension([]),
    launchWithExtension([]),
  ]);
  await Promise.all([signIn(filled, server.url, 'admin@acme.test'), signIn(empty, server.url, 'admin@globex.test')]);
}, 120_000);
afterAll(async () => {
  await filled?.close().catch(() => {});
  await empty?.close().catch(() => {});
  await server?.stop();
});

async function openConsole(b: ExtensionBrowser): Promise<Page> {
  const page = await b.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`chrome-extension://${b.extensionId}/console.html`);
  await page.locator('h1').waitFor();
  return page;
}
async function tab(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Console pages' }).getByRole('button', { name, exact: true }).click();
}
/** axe on the page as it stands, then a full-page screenshot. */
async function check(page: Page, shot: string) {
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: `test-results/${shot}.png`, fullPage: true });
}

describe('console pages, filled with the demo history', () => {
  it('overview: the log verified, and every chart drawn from weeks of data', async () => {
    const page = await openConsole(filled);
    expect(await page.locator('h1').textContent()).toBe('Leeway console — QA and administration');
    expect(await page.title()).toBe('Leeway console — QA and administration');
    await expect.poll(() => page.locator('[data-field=integrity-status]').textContent()).toMatch(/^✓ Log verified: \d+ entries intact$/);
    await expect.poll(() => page.locator('[data-chart] canvas').count()).toBe(4);
    expect(await page.locator('[data-chart] p.muted').count()).toBe(0);
    await check(page, 'console-filled-overview');
  });

  it('queue: weekly queues, one opened with its picks; reviews; disputes one open one decided', async () => {
    const page = await openConsole(filled);
    await tab(page, 'Queue');
    const queues = page.locator('ul.queues li');
    await expect.poll(() => queues.count()).toBe(6);
    expect(await queues.first().textContent()).toMatch(/^Week of \d+ \w+ \d+ of \d+ picks? reviewed$/);
    await queues.first().getByRole('button').click();
    await expect.poll(() => page.getByTestId('queue').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('queue').locator('h2').textContent()).toMatch(/— \d+ picks?$/);
    await check(page, 'console-filled-queue');

    await tab(page, 'Reviews');
    await expect.poll(() => page.locator('article.review').count()).toBeGreaterThan(10);
    // Criteria in words, not snake_case codes.
    expect((await page.locator('.scores-list').first().textContent())!).not.toMatch(/_/);
    await check(page, 'console-filled-reviews');

    await tab(page, 'Disputes');
    await expect.poll(() => page.locator('article.dispute').count()).toBe(2);
    expect(await page.locator('article.dispute .pill').allTextContents()).toEqual(['open', 'amended on dispute']);
    await check(page, 'console-filled-disputes');
  });

  it('calibration and findings', async () => {
    const page = await openConsole(filled);
    await tab(page, 'Calibration');
    await page.getByRole('button', { name: /^Calibration on the week of / }).click();
    await expect.poll(() => page.getByTestId('calibration').locator('tbody tr').count()).toBeGreaterThan(2);
    await check(page, 'console-filled-calibration');

    await tab(page, 'Findings');
    await expect.poll(() => page.getByTestId('detector-coverage').locator('tbody tr').count()).toBe(6);
    // The demo's senior agent grants the most the limit allows, nearly every time.
    expect(await page.locator('article.finding strong').allTextContents()).toContain('Boundary hugging: Sasha Senior');
    await check(page, 'console-filled-findings');
  });

  it('audit log in words, with ids on demand; people', async () => {
    const page = await openConsole(filled);
    await tab(page, 'Audit log');
    const sentences = page.locator('[data-field=audit-sentence]');
    await expect.poll(() => sentences.count()).toBeGreaterThan(0);
    expect(await sentences.first().textContent()).toBe('Ada Admin signed in');
    await page.locator('details.ids summary').first().click();
    await check(page, 'console-filled-audit');

    await tab(page, 'People');
    await expect.poll(() => page.getByTestId('people').locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('tr[data-user="auditor@acme.test"] td').nth(1).textContent()).toBe('QA auditor');
    await check(page, 'console-filled-people');
  });
});

describe('console pages, empty (a tenant with no history)', () => {
  it('each page says what to do next', async () => {
    const page = await openConsole(empty);
    await expect.poll(() => page.locator('[data-chart] p.muted').count()).toBe(4);
    expect(await page.locator('[data-chart=quality] p.muted').textContent()).toMatch(/Score resolutions from the Queue tab/);
    await check(page, 'console-empty-overview');

    const expected: [string, string, RegExp][] = [
      ['Queue', 'queues-empty', /^No review queues yet\. .+Build queue/],
      ['Reviews', 'reviews-empty', /^No reviews yet\. Pick a conversation from the queue to review it\.$/],
      ['Disputes', 'disputes-empty', /^No disputes\. When an agent disputes a review/],
      ['Calibration', 'calibration-empty', /^No calibration sessions yet\. Press “New session from the latest queue”/],
      ['Findings', 'findings-empty', /come back when more work is logged/],
      ['People', 'erasure-empty', /^No erasure requests\. When a customer asks to be forgotten/],
    ];
    for (const [name, field, text] of expected) {
      await tab(page, name);
      await expect.poll(() => page.locator(`[data-field=${field}]`).textContent()).toMatch(text);
      await check(page, `console-empty-${name.toLowerCase()}`);
    }
    // An empty result in the audit log (a tenant always has sign-ins): what to change.
    await tab(page, 'Audit log');
    await page.locator('input[name=action]').fill('pii.reveal');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('[data-field=audit-empty]').textContent()).toMatch(/^Nothing recorded matches these filters\./);
    await check(page, 'console-empty-audit');
  });

  it('an empty queue says how to get picks', async () => {
    const page = await openConsole(empty);
    await tab(page, 'Queue');
    await page.getByRole('button', { name: 'Build queue' }).click();
    await expect
      .poll(() => page.locator('[data-field=picks-empty]').textContent())
      .toBe('No resolution in this period matched the rules. Widen the dates or raise the random share, then build the queue again.');
    expect(await page.getByTestId('queue').locator('h2').textContent()).toMatch(/— 0 picks$/);
    await check(page, 'console-empty-queue-built');
  });
});

describe('the console for a supervisor: suggested offers, read only', () => {
  let lead: ExtensionBrowser;
  let traffic: OfferTraffic;
  /** The report as the server had it from the demo's weeks of history, before the traffic below. */
  let before: OfferReport;
  beforeAll(async () => {
    lead = await launchWithExtension([]);
    await signIn(lead, server.url, 'lead@acme.test');
    const token = await apiSignIn(server.url, 'lead@acme.test');
    before = (await (await fetch(`${server.url}/v1/qa/offers`, { headers: { authorization: `Bearer ${token}` } })).json()) as OfferReport;
    // Offers shown, answered and overridden, as the agent's panel does it.
    traffic = await offerTraffic(server.url);
  }, 120_000);
  afterAll(() => lead?.close().catch(() => {}));

  it('opens on the offer report per offer and team; the offers in force without Edit; nothing of QA', async () => {
    const page = await openConsole(lead);
    expect(await page.locator('h1').textContent()).toBe('Leeway console — suggested offers');
    expect(await page.title()).toBe('Leeway console — suggested offers');
    expect(await page.getByRole('navigation', { name: 'Console pages' }).getByRole('button').allTextContents()).toEqual([
      'Offer report',
      'Offers',
    ]);
    const report = page.getByTestId('suggested-offers');
    // The demo's weeks of history, and on top the three interactions just now: one accepted, one declined, one override.
    const t = before.totals;
    const answered = t.accepted + t.declined + 2;
    await expect
      .poll(() => report.locator('[data-field=offers-summary]').textContent())
      .toMatch(
        new RegExp(
          `^Offers shown in ${t.shown + 3} interactions; customers accepted ${t.accepted + 1} of ${answered} answered \\(\\d+%\\), worth \\$[\\d,]+; agents granted something else in ${t.overrides + 1} interactions?\\.$`,
        ),
      );
    // Shown, accepted, declined, acceptance, value delivered, overrides: the offer answered, and the agent's team.
    const cells = (row: string) => report.locator(row).locator('td').allTextContents();
    const was = (id: string) => before.offers.find((o) => o.offerId === id)!;
    const { accepted, declined, shownIn } = traffic;
    const acceptedRow = await cells(`tr[data-offer=${accepted}]`);
    expect(acceptedRow.slice(0, 2).map(Number)).toEqual([was(accepted).shown + shownIn[accepted]!, was(accepted).accepted + 1]);
    expect(Number((await cells(`tr[data-offer=${declined}]`))[2])).toBe(was(declined).declined + 1);
    const team = before.teams.find((x) => x.team === 'billing')!;
    expect((await cells('[data-testid=offers-by-team] tr[data-team=billing]')).slice(0, 3).map(Number)).toEqual([
      team.shown + 3,
      team.accepted + 1,
      team.declined + 1,
    ]);
    // No QA: the log's status, the charts and the console's error are not there.
    expect(await page.locator('[data-testid=integrity], [data-chart], [data-testid=console-error]').count()).toBe(0);
    await check(page, 'console-supervisor');

    await tab(page, 'Offers');
    const view = page.getByTestId('offer-settings');
    await expect.poll(() => view.getByTestId('offer-list').locator('tbody tr').count()).toBe(6);
    expect(await view.locator('[data-field=offers-version]').textContent()).toMatch(/^Version \d+ in force, saved by an admin on /);
    expect(await view.getByRole('button').count()).toBe(0);
    await check(page, 'console-supervisor-offers');
  });
});

describe('offers for next best action, set by an admin', () => {
  it('lists the demo offers in words; a broken edit is refused in words and saves nothing; a fixed one is version 2', async () => {
    const page = await openConsole(filled);
    await tab(page, 'Offers');
    const view = page.getByTestId('offer-settings');
    const rows = view.getByTestId('offer-list').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(6);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-offer')))).toEqual([
      'retention-credit',
      'repeat-contact-goodwill',
      'update-card',
      'expedited-shipping',
      'escalate',
      'call-back',
    ]);
    expect(await view.locator('[data-field=offers-version]').textContent()).toMatch(
      /^Version 1 in force, saved by Ada Admin \(you\) on .+: “Demo offers”$/,
    );
    const cells = (id: string) => view.locator(`tr[data-offer="${id}"]`).locator('th, td').allTextContents();
    expect(await cells('retention-credit')).toEqual([
      'Retention credit retention-credit',
      'Account credit, $10–$25',
      'churn risk high',
      '$120',
      '1 (neutral)',
      '43%',
    ]);
    expect((await cells('update-card')).slice(1, 3)).toEqual(['Ask to update the card on file', 'a failed payment in the last 30 days']);
    expect((await cells('escalate')).slice(1, 5)).toEqual([
      'Escalate to a specialist',
      'churn risk medium or higher; contacted again 2+ times',
      '$20',
      '0.5',
    ]);
    expect((await cells('call-back')).slice(1, 3)).toEqual(['Offer a call back', 'contacted again 1+ times']);
    expect(await view.getByTestId('offer-versions').locator('tbody tr').count()).toBe(1);
    await check(page, 'console-offers');

    await view.getByRole('button', { name: 'Edit' }).click();
    const json = view.getByLabel('Offers (JSON)');
    const offers = JSON.parse(await json.inputValue()) as Record<string, unknown>[];
    // Broken in the browser's own check: an action offer without its amount.
    const { amount, ...noAmount } = offers[0]!;
    await json.fill(JSON.stringify([noAmount, ...offers.slice(1)], null, 2));
    await view.getByRole('button', { name: 'Save' }).click();
    const problems = view.getByRole('alert');
    await expect
      .poll(() => problems.locator('li').allTextContents())
      .toEqual(['offers.0.amount: is required for an action: fixed, percent or range']);
    expect(await problems.locator('p').textContent()).toBe('Not saved: one problem.');
    await check(page, 'console-offers-error');
    // Broken past it, refused by the server: an action the policy does not have. The text stays as typed.
    const unknown = [{ ...offers[0], kind: { type: 'action', action: 'teleport' } }, ...offers.slice(1)];
    await json.fill(JSON.stringify(unknown, null, 2));
    await view.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => problems.locator('li').allTextContents())
      .toEqual([expect.stringMatching(/^offers\.0\.kind\.action: “teleport” is not an action of your policy: use one of /)]);
    expect(JSON.parse(await json.inputValue())[0].kind.action).toBe('teleport');

    // Fixed: the amount back, a new name and a note. Version 2 proves neither broken edit was saved.
    await json.fill(JSON.stringify([{ ...offers[0], amount, name: 'Loyalty credit' }, ...offers.slice(1)], null, 2));
    await view.getByLabel('Note (why this version)').fill('A friendlier name');
    await view.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => view.locator('[data-field=offers-saved]').textContent()).toBe('Saved as version 2.');
    await expect
      .poll(() => view.locator('[data-field=offers-version]').textContent())
      .toMatch(/^Version 2 in force, .+: “A friendlier name”$/);
    expect((await cells('retention-credit'))[0]).toBe('Loyalty credit retention-credit');
    expect(
      await view
        .getByTestId('offer-versions')
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-version'))),
    ).toEqual(['2', '1']);
    expect(await view.getByTestId('offer-editor').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});
