/**
 * The host page keeps working: a page that checks its own layout (computed styles, element
 * boxes, scroll size) and key handling (typing in its reply box, Ctrl+Enter to send, "?" for
 * its shortcut help, focus) reports the same with the extension loaded as in a Chromium
 * without it. Served at a Zendesk ticket URL so the extension's panel mounts on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowHosts } from '../support/allow-hosts';
import { launchWithExtension, panel, PANEL_FRAME, signIn, type ExtensionBrowser } from '../support/browser';
import { startHelpdeskServer, type HelpdeskServer } from '../support/helpdesk-server';
import { startServer, type ServerProcess } from '../support/server-process';

const HOST = 'acme.zendesk.com';
const URL_ = `https://${HOST}/agent/tickets/777`;
const page_ = readFileSync(join(import.meta.dirname, '../fixtures/host-page/agent.html'), 'utf8');
let helpdesk: HelpdeskServer;
let server: ServerProcess;
let withExt: ExtensionBrowser;
let plain: BrowserContext;

beforeAll(async () => {
  [helpdesk, server] = await Promise.all([
    startHelpdeskServer([
      { hosts: [HOST], routes: [{ path: /^\/agent\/tickets\/\d+$/, respond: () => ({ type: 'text/html', body: page_ }) }] },
    ]),
    startServer(),
  ]);
  const rules = `MAP ${HOST} 127.0.0.1:${helpdesk.port}`;
  withExt = await launchWithExtension([rules]);
  // The extension runs only on a signed-in tenant's pinned hosts the user allowed.
  await signIn(withExt, server.url, 'agent@acme.test');
  await allowHosts(withExt, [HOST]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', `--host-resolver-rules=${rules}`, '--ignore-certificate-errors'],
  });
  plain = await browser.newContext({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await withExt?.close().catch(() => {});
  await plain
    ?.browser()
    ?.close()
    .catch(() => {});
  await helpdesk?.close().catch(() => {});
  await server?.stop().catch(() => {});
});

/** The same user session on the page: type, send with Ctrl+Enter, press the page's "?" shortcut. */
async function session(context: BrowserContext, expectPanel: boolean) {
  const page = await context.newPage();
  await page.goto(URL_);
  if (expectPanel) await panel(page).waitFor({ timeout: 10_000 });
  else await page.waitForTimeout(300);
  const before = await page.evaluate(() => (window as unknown as { selfCheck(): unknown }).selfCheck());
  await page.locator('#reply').click();
  await page.keyboard.type('Refund on its way');
  await page.keyboard.press('Control+Enter');
  await page.keyboard.type('second');
  await page.locator('#subject').click();
  await page.keyboard.press('?');
  const after = await page.evaluate(() => (window as unknown as { selfCheck(): unknown }).selfCheck());
  const panels = await page.locator(PANEL_FRAME).count();
  await page.close();
  return { before, after, panels };
}

describe('the host page with and without the extension', () => {
  it('lays out and handles keys identically', async () => {
    const without = await session(plain, false);
    const withPanel = await session(withExt.context, true);
    expect(without.panels).toBe(0);
    expect(withPanel.panels, 'the extension did not run on the page').toBe(1);
    expect(withPanel.before).toEqual(without.before);
    expect(withPanel.after).toEqual(without.after);
    // And the session did what a user expects, so "identical" is not "identically broken".
    expect(without.after).toMatchObject({ sent: ['Refund on its way'], replyValue: 'second', help: true });
  });
});
