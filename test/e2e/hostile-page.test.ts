/**
 * Issue 15's attack test, in real Chromium: a hostile script in the helpdesk page (a compromised
 * widget, an XSS in the helpdesk, or an attacker's own trial under a wildcard host) tries to read
 * the panel, press its buttons, message the extension and read its storage. It gets nothing and
 * changes nothing: no customer data only the panel has reaches the page, no token-like value is in
 * anything the page can read, the panel still shows the same ticket's customer, and the server's
 * row counts and audit log are the same before and after.
 *
 * - On a pinned host (acme.zendesk.com) the panel runs, in its extension frame.
 * - On an unpinned host under the same wildcard (evil.zendesk.com), even with the user's grant,
 *   the panel never appears: no extension script world is ever created in the page (so the
 *   server cannot have been asked to open an interaction), and the rows are unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zendeskHosts, zendeskRoutes } from '../fixtures/zendesk/routes';
import { allowOrLegacy } from '../support/adversary';
import { grantHosts } from '../support/allow-hosts';
import { UNCOVER_HOLD_MS } from '../../extension/panel/uncover-hold';
import { launchWithExtension, PANEL_FRAME, signIn, type ExtensionBrowser } from '../support/browser';
import { startHelpdeskServer, type HelpdeskServer } from '../support/helpdesk-server';
import { embeddedShows, panelOnlyMarkers, watchWorlds } from '../support/hostile-page/probes';
import { HOSTILE, type HostileReport } from '../support/hostile-page/script';
import { panelNow } from '../support/panel-frames';
import { openRaw, type RawDb } from '../support/raw-db';
import { changedTables, rowCounts } from '../support/row-counts';
import { startServer, type ServerProcess } from '../support/server-process';
import { apiToken } from '../support/stack';

const PINNED = 'acme.zendesk.com';
const UNPINNED = 'evil.zendesk.com';
const TICKET = (host: string) => `https://${host}/agent/tickets/101`;

let server: ServerProcess;
let helpdesk: HelpdeskServer;
let b: ExtensionBrowser;
let db: RawDb;

beforeAll(async () => {
  [server, helpdesk] = await Promise.all([startServer(), startHelpdeskServer([{ hosts: zendeskHosts, routes: zendeskRoutes }])]);
  b = await launchWithExtension([PINNED, UNPINNED].map((h) => `MAP ${h} 127.0.0.1:${helpdesk.port}`));
  await signIn(b, server.url, 'agent@acme.test');
  await allowOrLegacy(b, [PINNED]);
  // The user even allowed the attacker's host: the tenant did not pin it, so Leeway must not run there.
  await grantHosts(b, [UNPINNED]);
  db = await openRaw(server.target, { readonly: true });
  adminToken = await apiToken(server.url, 'admin@acme.test');
}, 120_000);
afterAll(async () => {
  await db?.close().catch(() => {});
  await b?.close().catch(() => {});
  await helpdesk?.close().catch(() => {});
  await server?.stop().catch(() => {});
});

/** Signed in once, before any snapshot: a sign-in writes a session and an audit entry itself. */
let adminToken: string;
async function auditEntries(): Promise<unknown[]> {
  const token = adminToken;
  const res = await fetch(`${server.url}/v1/audit?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { entries: unknown[] }).entries;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The first test's panel-only strings, reused on the unpinned host (where no panel gives any). */
let markersSeen = ['Whitfield', 'dana.whitfield@example.com'];

describe('a hostile page script gets nothing from the panel and changes nothing', () => {
  it('on a pinned host: cannot read the panel, press its buttons, message the extension or read its storage', async () => {
    const page = await b.context.newPage();
    try {
      const shownBefore = (await rowCounts(db)).offer_impressions ?? 0;
      await page.goto(TICKET(PINNED));
      await expect.poll(async () => (await panelNow(page)).name, { timeout: 15_000 }).toBe('Dana Whitfield');
      // What a legit view writes is written before the snapshot: the interaction and, once the panel has
      // asked in full view (after its uncover hold, later on a busy machine), its suggestions as shown.
      await expect.poll(async () => (await rowCounts(db)).offer_impressions ?? 0, { timeout: 15_000 }).toBeGreaterThan(shownBefore);
      await sleep(1000);
      const markers = await panelOnlyMarkers(page);
      markersSeen = markers;
      expect(markers.length, 'the panel shows nothing the page does not: the leak check would be empty').toBeGreaterThan(2);
      const rowsBefore = await rowCounts(db);
      const auditBefore = await auditEntries();

      const report = (await page.evaluate(HOSTILE(b.extensionId, markers))) as HostileReport;
      await sleep(1500);
      console.log('hostile page report (pinned host):', JSON.stringify({ ...report, markers }, null, 2));

      expect.soft(report.found, 'customer data the page could read').toEqual([]);
      expect.soft(report.tokens, 'token-like values the page could read').toEqual([]);
      expect.soft(report.pressed, 'buttons of the panel reachable from the page').toBe(0);
      expect.soft(report.attempts['contentDocument of panel frame'], 'the panel frame document').toBe('null');
      expect.soft(report.attempts['contentWindow.document of a frame']).toMatch(/^threw /);
      expect
        .soft(['undefined', 'threw TypeError'], 'chrome.runtime.sendMessage to the extension')
        .toContain(
          report.attempts['runtime.sendMessage(extension id)'] === 'no answer'
            ? 'undefined'
            : report.attempts['runtime.sendMessage(extension id)'],
        );
      expect.soft(report.attempts['fetch panel.html'], 'fetching the panel page by the extension id').toMatch(/^threw /);
      // The panel page embedded by the attacker (by the extension id): blocked, nothing rendered.
      expect.soft(await embeddedShows(page, markers), 'the panel embedded by the page showed customer data').toEqual([]);

      // Changed nothing: the same customer on the same ticket, no rows, no audit entries.
      const now = await panelNow(page);
      expect.soft(now.name).toBe('Dana Whitfield');
      expect.soft(now.ticket ?? '').toMatch(/101$/);
      expect.soft(changedTables(rowsBefore, await rowCounts(db)), 'rows written by the attack').toEqual([]);
      expect.soft(await auditEntries(), 'audit log entries written by the attack').toEqual(auditBefore);
    } finally {
      await page.close();
    }
  });

  it('cannot end the panel by posing as a newer copy of its content script', async () => {
    const page = await b.context.newPage();
    try {
      await page.goto(TICKET(PINNED));
      await expect.poll(async () => (await panelNow(page)).name, { timeout: 15_000 }).toBe('Dana Whitfield');
      // WXT's "a newer copy started" announcement, with what the page can know: the published
      // extension id and the script's name (both in the bundle). It would remove the frame and
      // every listener of the script there and then, in this same task.
      const frameAfter = await page.evaluate((id) => {
        for (const target of [document, window, document.documentElement])
          target.dispatchEvent(
            new CustomEvent(`${id}:reader:wxt:content-script-started`, { detail: { contentScriptName: 'reader', messageId: 'forged' } }),
          );
        return document.querySelectorAll('[data-leeway-frame]').length;
      }, b.extensionId);
      expect(frameAfter, 'the panel frame after the forged announcement').toBe(1);
      // Still following the page: the next ticket's customer, not a frozen panel.
      await page.locator('[data-test-id="header-tab"][data-ticket-id="102"]').click();
      await expect.poll(async () => (await panelNow(page)).name, { timeout: 15_000 }).toBe('Marco Rossi');
    } finally {
      await page.close();
    }
  });

  it('cannot click through a decoy: covered, the panel’s buttons are disabled, and uncovered they come back only after a moment in view', async () => {
    const page = await b.context.newPage();
    try {
      await page.goto(TICKET(PINNED));
      await expect.poll(async () => (await panelNow(page)).name, { timeout: 15_000 }).toBe('Dana Whitfield');
      const controls = page.frameLocator(PANEL_FRAME).locator('fieldset.controls');
      // Disabled since when (ms since the epoch, the frame's clock), or null while enabled.
      const watch = () =>
        controls.evaluate((el: HTMLFieldSetElement) => {
          const w = window as unknown as { enabledAt?: number | null };
          w.enabledAt = el.disabled ? null : Date.now();
          new MutationObserver(() => (w.enabledAt = el.disabled ? null : (w.enabledAt ?? Date.now()))).observe(el, { attributes: true });
        });
      const enabledAt = () => controls.evaluate(() => (window as unknown as { enabledAt?: number | null }).enabledAt ?? null);
      await expect.poll(() => controls.evaluate((el: HTMLFieldSetElement) => el.disabled), { timeout: 5_000 }).toBe(false);
      await watch();
      // The page lays a decoy over the frame, as a click-jacker would.
      await page.evaluate(() => {
        const r = document.querySelector('[data-leeway-frame]')!.getBoundingClientRect();
        const decoy = Object.assign(document.createElement('div'), { id: 'decoy', textContent: 'Click twice to continue' });
        // Over its lower half: part covered is covered (the screenshot shows what the agent sees above it).
        const top = r.top + r.height / 2;
        Object.assign(decoy.style, {
          position: 'fixed',
          left: `${r.left}px`,
          top: `${top}px`,
          width: `${r.width}px`,
          height: `${r.height / 2}px`,
        });
        Object.assign(decoy.style, { zIndex: '2147483647', background: '#fff' });
        document.body.append(decoy);
      });
      await expect.poll(() => enabledAt(), { timeout: 5_000 }).toBeNull();
      await expect(page.frameLocator(PANEL_FRAME).locator('[data-field="covered"]').textContent()).resolves.toMatch(/covered or faded/);
      await page.screenshot({ path: 'test-results/panel-covered.png' });
      // Gone just before the lured click: the buttons wait until the panel has been in view a while.
      const uncoveredAt = await page.evaluate(() => (document.getElementById('decoy')!.remove(), Date.now()));
      await expect.poll(() => enabledAt(), { timeout: 5_000 }).not.toBeNull();
      expect((await enabledAt())! - uncoveredAt, 'ms from uncovered to enabled').toBeGreaterThanOrEqual(UNCOVER_HOLD_MS);
      expect(await page.frameLocator(PANEL_FRAME).locator('[data-field="covered"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('cannot bring the panel back enabled: moved off screen, its buttons are disabled, and back in view they wait a moment too', async () => {
    const page = await b.context.newPage();
    try {
      await page.goto(TICKET(PINNED));
      await expect.poll(async () => (await panelNow(page)).name, { timeout: 15_000 }).toBe('Dana Whitfield');
      const controls = page.frameLocator(PANEL_FRAME).locator('fieldset.controls');
      await expect.poll(() => controls.evaluate((el: HTMLFieldSetElement) => el.disabled), { timeout: 5_000 }).toBe(false);
      const move = (transform: string) =>
        page.evaluate((t) => {
          (document.querySelector('[data-leeway-frame]') as HTMLElement).style.setProperty('transform', t, 'important');
          return Date.now();
        }, transform);
      // Out of sight, as a click-jacker parks it before bringing it back under the pointer.
      await move('translateX(-10000px)');
      await expect.poll(() => controls.evaluate((el: HTMLFieldSetElement) => el.disabled), { timeout: 5_000 }).toBe(true);
      await controls.evaluate((el: HTMLFieldSetElement) => {
        const w = window as unknown as { enabledAt?: number | null };
        w.enabledAt = null;
        new MutationObserver(() => (w.enabledAt = el.disabled ? null : (w.enabledAt ?? Date.now()))).observe(el, { attributes: true });
      });
      const backAt = await move('none');
      const enabledAt = () => controls.evaluate(() => (window as unknown as { enabledAt?: number | null }).enabledAt ?? null);
      await expect.poll(() => enabledAt(), { timeout: 5_000 }).not.toBeNull();
      expect((await enabledAt())! - backAt, 'ms from back in view to enabled').toBeGreaterThanOrEqual(UNCOVER_HOLD_MS);
      // Never the page's "covered" note for a panel merely out of sight.
      expect(await page.frameLocator(PANEL_FRAME).locator('[data-field="covered"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('on an unpinned wildcard host: no panel, no extension script in the page, nothing sent to the server', async () => {
    const page = await b.context.newPage();
    try {
      const { cdp, worlds } = await watchWorlds(page);
      const rowsBefore = await rowCounts(db);
      const auditBefore = await auditEntries();
      await page.goto(TICKET(UNPINNED));
      await page.locator('[data-test-id="ticket-requester-name"]').waitFor();
      await sleep(2500); // longer than the panel ever takes on a pinned host

      const report = (await page.evaluate(HOSTILE(b.extensionId, markersSeen))) as HostileReport;
      console.log('hostile page report (unpinned host):', JSON.stringify({ ...report, worlds }, null, 2));
      await sleep(1000);

      expect
        .soft(
          await page.locator('iframe[data-leeway-panel], [data-leeway-frame], leeway-panel').count(),
          'a Leeway panel on the unpinned host',
        )
        .toBe(0);
      expect.soft(worlds, 'an extension script ran in the unpinned page').toEqual([]);
      const embed = await (await page.$('#hostile-embed'))?.contentFrame();
      expect
        .soft(
          page
            .frames()
            .filter((f) => f !== embed && f.url().startsWith('chrome-extension://'))
            .map((f) => f.url()),
          'extension frames in the page',
        )
        .toEqual([]);
      expect.soft(report.attempts['panel frame src'], 'no panel frame whose address the page could read').toBe('null');
      expect.soft(await embeddedShows(page, markersSeen), 'the panel embedded by the page showed customer data').toEqual([]);
      // What the page shows itself (the requester card) is the helpdesk's; nothing came from Leeway.
      expect
        .soft(
          report.found.filter((f) => f.startsWith('embedded') || f.startsWith('message')),
          'customer data from the extension',
        )
        .toEqual([]);
      expect.soft(report.tokens).toEqual([]);
      expect.soft(changedTables(rowsBefore, await rowCounts(db)), 'rows written (an interaction opened?)').toEqual([]);
      expect(await auditEntries()).toEqual(auditBefore);
      await cdp.detach();
    } finally {
      await page.close();
    }
  });
});
