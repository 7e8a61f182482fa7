/**
 * Issue 22 in real Chromium: on a contact-center desktop the panel pops for the caller while the
 * call rings, before the agent answers, and follows the call (connected, after-call work, cleared).
 * Amazon Connect's CCP and agent workspace (Streams), on both of its host forms, and Twilio Flex's
 * agent desktop (its store), each with a simulated line. A withheld number asks the agent to
 * search; a number two customers share names both and shows neither; a page that posts readings
 * itself cannot bring an ended call back or smuggle anything but a number.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_URLS, connectFixture } from '../fixtures/amazon-connect/routes';
import { GENESYS_URL, genesysSite } from '../fixtures/genesys/routes';
import { FLEX_URL, flexFixture } from '../fixtures/twilio-flex/routes';
import { PANEL_FRAME, panel } from '../support/browser';
import { allowHosts } from '../support/allow-hosts';
import { type FakeGenesys, startFakeGenesys } from '../support/genesys-api';
import { startHelpdesksStack, type HelpdesksStack } from '../support/helpdesks-stack';
import { signIn } from '../support/remote-clients';
import { panelAxeViolations, waitInPanel } from '../support/panel-checks';
import { runScript } from '../support/run-script';
import { openRaw } from '../support/raw-db';

const SHOTS = 'test-results';
const DANA = '+14155550100';
const SAM = '+14155550123';
const SHARED = '+12125550142';

const fixtures = [connectFixture, flexFixture];

let stack: HelpdesksStack;
/** Genesys Cloud's login and API hosts: the server asks them who is calling (test/support/genesys-api.ts). */
let genesys: FakeGenesys;
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  genesys = await startFakeGenesys();
  stack = await startHelpdesksStack({
    fixtures,
    // Genesys Cloud's desktop frames Leeway's own widget page: Leeway runs in the frame, not on the desktop.
    framingSites: [genesysSite],
    serverEnv: { LEEWAY_PLATFORM_HOSTS: genesys.hostsFor('mypurecloud.com') },
    // A household line: the CRM's import gives two customers the same number (an import records the
    // second claim as a dispute; the REST API would refuse it).
    prepare: async (_url, server) => {
      const file = join(mkdtempSync(join(tmpdir(), 'leeway-household-')), 'customers.csv');
      const rows = ['Rosa Lind', 'Tomas Lind'].map((name, i) => `crm-lind-${i},${name},${SHARED},standard,0,2024-03-01`);
      writeFileSync(file, ['externalId,name,phone,tier,lifetimeValueCents,customerSince', ...rows, ''].join('\n'));
      const run = await runScript('import.ts', ['--tenant', 'acme', '--file', file, '--db', server.dbFile, '--quiet'], {
        env: server.dbEnv,
      });
      if (run.code !== 0) throw new Error(`import failed: ${run.stdout}${run.stderr}`);
      // The admin connects Genesys Cloud: the widget's conversations are asked of it.
      const admin = await signIn(_url, 'admin@acme.test');
      const res = await fetch(`${_url}/v1/settings/platforms/genesys`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          settings: { region: 'mypurecloud.com', clientId: genesys.credentials.clientId },
          secret: { clientSecret: genesys.credentials.clientSecret },
        }),
      });
      if (res.status !== 200) throw new Error(`connecting Genesys failed: ${await res.text()}`);
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await genesys?.close();
});

const customerName = async (page: Page) => (await panel(page).locator('[data-field="customer-name"]').allTextContents())[0] ?? null;
const callState = async (page: Page) => (await panel(page).locator('[data-field="call-state"]').allTextContents())[0] ?? null;
/** Whether the panel's frame is on screen at all (it is hidden while no call is on). */
const frameShown = (page: Page) =>
  page.evaluate((sel) => {
    const f = document.querySelector(sel);
    return (
      !!f &&
      f.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true, visibilityProperty: true }) &&
      f.getBoundingClientRect().height > 0
    );
  }, PANEL_FRAME);

/** The simulated line: a call reaches the agent and rings (test/fixtures/amazon-connect/streams.js). */
const ring = (page: Page, contactId: string, number: string) =>
  page.evaluate(([c, n]) => (window as never as { ccpSim: { ring(a: string, b: string): void } }).ccpSim.ring(c!, n!), [contactId, number]);
const lineStatus = (page: Page, contactId: string) =>
  page.evaluate((c) => (window as never as { ccpSim: { status(a: string): string | null } }).ccpSim.status(c), contactId);

/** The logged record of call `contactId`, as stored (its channel is not a sealed field). */
async function recordOf(contactId: string) {
  const db = await openRaw(stack.server.target, { readonly: true });
  try {
    const row = await db.one<{ ticket_ref: string; payload: string }>(
      'select ticket_ref, payload from resolution_log where ticket_ref like ?',
      `%:${contactId}`,
    );
    return row && { ticketRef: row.ticket_ref, channel: (JSON.parse(row.payload) as { channel?: string }).channel };
  } finally {
    await db.close();
  }
}

async function desktop(url: string) {
  const page = await stack.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(url);
  return page;
}

describe('Amazon Connect', () => {
  it('CCP: the caller is shown while the call rings, then follows it to after-call work and away', async () => {
    const page = await desktop(CONNECT_URLS.ccp);
    try {
      const id = randomUUID();
      await ring(page, id, '(415) 555-0100');
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Dana Whitfield');
      // Still ringing: the agent has not answered.
      expect(await lineStatus(page, id)).toBe('connecting');
      expect(await callState(page)).toBe('Incoming call');
      await page.screenshot({ path: `${SHOTS}/call-connect-ringing.png` });
      expect(await panelAxeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Accept call' }).click();
      await expect.poll(() => callState(page)).toBe('On call');
      await page.getByRole('button', { name: 'End call' }).click();
      await expect.poll(() => callState(page)).toBe('After-call work');
      expect(await customerName(page)).toBe('Dana Whitfield');
      // The resolve form follows the call: logged during after-call work, the record says voice.
      await panel(page).getByRole('button', { name: 'Resolve…' }).click();
      await panel(page).locator('select[name=category]').selectOption('billing');
      await page.screenshot({ path: `${SHOTS}/call-connect-after-call-work.png` });
      await panel(page).getByRole('button', { name: 'Log resolution' }).click();
      await expect.poll(() => panel(page).locator('[data-field="logged"]').textContent(), { timeout: 10_000 }).toBe('Resolution logged');
      expect(await recordOf(id)).toEqual({ ticketRef: `amazon-connect@acme.my.connect.aws:${id}`, channel: 'voice' });
      await page.getByRole('button', { name: 'Clear contact' }).click();
      await expect.poll(() => frameShown(page)).toBe(false);

      // A page script posting a reading for the cleared contact cannot bring it back as someone else,
      // and a reading carrying more than a number (a customer id) is no reading at all.
      await page.evaluate(
        ([c, n]) => {
          const base = { type: 'leeway:call-reading', desktop: 'amazon-connect', state: 'ringing', channel: 'voice' };
          window.postMessage({ ...base, contactId: c, from: n }, location.origin);
          window.postMessage({ ...base, contactId: 'forged-1', from: n, customerId: 'cus_1' }, location.origin);
        },
        [id, SAM],
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(await frameShown(page)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('a second call on the same desktop shows its own caller, never the first', async () => {
    const page = await desktop(CONNECT_URLS.workspace);
    try {
      const [first, second] = [randomUUID(), randomUUID()];
      await ring(page, first, `tel:${DANA}`);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Dana Whitfield');
      await page.getByRole('button', { name: 'Accept call' }).click();
      await page.getByRole('button', { name: 'End call' }).click();
      await page.getByRole('button', { name: 'Clear contact' }).click();
      await ring(page, second, '1-415-555-0123 x7');
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Sam Okafor');
      expect(await panel(page).getAttribute('data-ticket')).toBe(second);
      await page.screenshot({ path: `${SHOTS}/call-connect-workspace.png` });
    } finally {
      await page.close();
    }
  });

  it('a call ringing while the page still loads is shown once Leeway starts', async () => {
    const page = await stack.browser.context.newPage();
    try {
      // Rung as soon as the page's Streams exists: before Leeway's content script (document_idle) listens.
      await page.goto(CONNECT_URLS.ccp, { waitUntil: 'commit' });
      await page.waitForFunction(() => 'ccpSim' in window);
      await ring(page, randomUUID(), DANA);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Dana Whitfield');
    } finally {
      await page.close();
    }
  });

  it('a withheld number: unknown caller, and the search to find them', async () => {
    const page = await desktop(CONNECT_URLS.legacyCcp);
    try {
      await ring(page, randomUUID(), 'anonymous');
      const unknown = panel(page).locator('[data-field="unknown"]');
      await waitInPanel(page, unknown);
      expect(await unknown.textContent()).toContain('Unknown caller. The caller withheld their number: find them by name, email or phone.');
      expect(await panel(page).locator('[data-field="customer-search"]').count()).toBe(1);
      await page.screenshot({ path: `${SHOTS}/call-connect-withheld.png` });
      expect(await panelAxeViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a number two customers share names both and shows neither', async () => {
    const page = await desktop(CONNECT_URLS.ccp);
    try {
      await ring(page, randomUUID(), '212.555.0142');
      const conflict = panel(page).locator('[data-field="conflict"]');
      await waitInPanel(page, conflict);
      const text = await conflict.textContent();
      expect(text).toContain('Not sure who this caller is.');
      expect(text).toMatch(/Rosa Lind and Tomas Lind|Tomas Lind and Rosa Lind/);
      expect(await customerName(page)).toBeNull();
      await page.screenshot({ path: `${SHOTS}/call-connect-shared-number.png` });
    } finally {
      await page.close();
    }
  });
});

describe('Twilio Flex', () => {
  it('a voice task: the caller while it rings, then accepted, wrapping, completed', async () => {
    const page = await desktop(FLEX_URL);
    try {
      type Sim = { flexSim: Record<'accept' | 'wrapUp' | 'complete', (sid: string) => void> & { offer(sid: string, from: string): void } };
      const sid = `WT${randomUUID().replaceAll('-', '')}`;
      await page.evaluate(([s, n]) => (window as never as Sim).flexSim.offer(s!, n!), [sid, DANA]);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Dana Whitfield');
      expect(await callState(page)).toBe('Incoming call');
      await page.screenshot({ path: `${SHOTS}/call-flex-ringing.png` });
      await page.getByRole('button', { name: 'Accept' }).click();
      await expect.poll(() => callState(page)).toBe('On call');
      await page.getByRole('button', { name: 'Hang up' }).click();
      await expect.poll(() => callState(page)).toBe('After-call work');
      await page.getByRole('button', { name: 'Complete' }).click();
      await expect.poll(() => frameShown(page)).toBe(false);
    } finally {
      await page.close();
    }
  });
});

describe('Genesys Cloud', () => {
  it('the interaction widget: the panel in it names the caller Genesys gives, for the agent on the conversation only', async () => {
    // The widget is the server's own page: the agent allows Leeway on the server's host, as for its screen pop.
    await allowHosts(stack.browser, [new URL(stack.server.url).host]);
    const page = await desktop(GENESYS_URL);
    try {
      type Sim = { genesysSim: { addWidget(t: string): void; route(id: string): void } };
      const template = `${stack.server.url}/widgets/genesys?conversation={{pcConversationId}}`;
      await page.evaluate((t) => (window as never as Sim).genesysSim.addWidget(t), template);
      const widget = page.frameLocator('iframe[title=Leeway]');
      const widgetPanel = widget.frameLocator(PANEL_FRAME).locator('.panel');
      const name = async () => (await widgetPanel.locator('[data-field="customer-name"]').allTextContents())[0] ?? null;

      await page.evaluate((id) => (window as never as Sim).genesysSim.route(id), genesys.ring('tel:+14155550123', 'agent@acme.test'));
      await expect.poll(name, { timeout: 15_000 }).toBe('Sam Okafor');
      expect(await widgetPanel.locator('[data-field="call-state"]').textContent()).toBe('On call');
      // The widget page's words for "no panel?" step aside once the panel is on it, rather than sit under it.
      expect(await widget.locator('main p').first().isVisible()).toBe(false);
      expect(await widget.locator('main h1').isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/call-genesys-widget.png` });

      // Another agent's conversation, routed to this desktop: the server refuses it, the panel names nobody.
      await page.evaluate((id) => (window as never as Sim).genesysSim.route(id), genesys.ring('tel:+14155550100', 'senior@acme.test'));
      await expect
        .poll(
          () =>
            widgetPanel
              .locator('[data-field="failure"]')
              .textContent()
              .catch(() => null),
          { timeout: 15_000 },
        )
        .toContain('is not yours');
      expect(await name()).toBeNull();
      await page.screenshot({ path: `${SHOTS}/call-genesys-widget-not-yours.png` });
    } finally {
      await page.close();
    }
  });
});
