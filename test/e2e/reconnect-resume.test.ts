/**
 * The extension resumes by itself, in real Chromium on the Zendesk fixture: after a graceful
 * restart of the server (SIGTERM, same port and database) and after a network drop under a
 * live connection, an event pushed meanwhile shows in the open panel without a page reload,
 * listed under "since you opened this ticket". The extension reaches the server through a TCP
 * proxy, so the test can cut the network without either side being told.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zendeskHosts, zendeskRoutes } from '../fixtures/zendesk/routes';
import { allowHosts } from '../support/allow-hosts';
import { launchWithExtension, panel, signIn, type ExtensionBrowser } from '../support/browser';
import { startHelpdeskServer, type HelpdeskServer } from '../support/helpdesk-server';
import { ingestSecret, startServer, type ServerProcess } from '../support/server-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { postEvent } from '../support/webhook';

const SHOTS = 'test-results';
let server: ServerProcess;
let helpdesk: HelpdeskServer;
let proxy: TcpProxy;
let browser: ExtensionBrowser;
let key: { id: string; secret: string };
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Chromium launches (once the helpdesk has its port) while the server starts.
  [server, [helpdesk, browser]] = await Promise.all([
    startServer(),
    startHelpdeskServer(zendeskHosts, zendeskRoutes).then(
      async (h) => [h, await launchWithExtension([`MAP *.zendesk.com 127.0.0.1:${h.port}`])] as const,
    ),
  ]);
  proxy = await startTcpProxy(server.port);
  await signIn(browser, proxy.url, 'agent@acme.test');
  await allowHosts(browser, ['acme.zendesk.com']);
  key = { id: 'acme-demo', secret: await ingestSecret(server.dbFile, 'acme-demo') };
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await proxy?.close().catch(() => {});
  await helpdesk?.close().catch(() => {});
  await server?.stop().catch(() => {});
});

const status = () => panel(page).locator('[data-status]').getAttribute('data-status');
const sinceOpened = async () => {
  const since = panel(page).locator('[data-field="since-opened"]');
  return (await since.count()) ? since.textContent() : '';
};
const sameDocument = () => page.evaluate(() => (window as unknown as { marker?: number }).marker);
const pushForDana = (type: string, data: Record<string, unknown>) =>
  postEvent(server.url, key, { type, customer: { email: 'dana.whitfield@example.com' }, data });

describe('reconnect and resume', () => {
  it('after a graceful restart, an event ingested right after it shows in the open panel', async () => {
    page = await browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => panel(page).locator('[data-field="customer-name"]').textContent()).toBe('Dana Whitfield');
    // Set once on this document: still there at the end means the page never reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await server.stop('SIGTERM');
    // The server's own words when it did not close cleanly: what was still running, and why.
    expect(server.child.exitCode, server.output().slice(-4000)).toBe(0);
    await expect.poll(status).toBe('offline');
    expect(await panel(page).getAttribute('class')).toContain('stale');

    // Same port and database: the proxy (the extension's "network") points there already.
    server = await startServer({ dbFile: server.dbFile, port: server.port });
    const res = await pushForDana('payment.failed', { amountCents: 12900, currency: 'USD', reason: 'card declined' });
    expect(res.status).toBe(200);

    const item = panel(page).locator(`li[data-event-id="${res.body.eventId}"]`);
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain('Payment failed · $129 (card declined)');
    expect(await status()).toBe('online');
    await expect.poll(() => panel(page).getAttribute('class')).not.toContain('stale');
    await expect.poll(sinceOpened).toContain('Payment failed');
    expect(await sameDocument()).toBe(42);
    await page.screenshot({ path: `${SHOTS}/resume-after-restart.png` });
  });

  it('after a network drop under a live connection, an event pushed during the drop shows once it is back', async () => {
    // Live first, through the proxy.
    const before = await pushForDana('page.visited', { url: 'https://shop.example.com/account' });
    await panel(page).locator(`li[data-event-id="${before.body.eventId}"]`).waitFor();

    proxy.down();
    await expect.poll(status, { timeout: 30_000 }).toBe('offline');
    const during = await pushForDana('order.placed', { orderId: 'A-30001', amountCents: 5400, currency: 'USD' });
    expect(during.status).toBe(200);
    expect(await panel(page).locator(`li[data-event-id="${during.body.eventId}"]`).count()).toBe(0);

    proxy.up();
    await expect.poll(status, { timeout: 30_000 }).toBe('online');
    const item = panel(page).locator(`li[data-event-id="${during.body.eventId}"]`);
    await item.waitFor();
    expect(await panel(page).locator(`li[data-event-id="${during.body.eventId}"]`).count()).toBe(1);
    await expect.poll(sinceOpened).toContain('Order A-30001 placed');
    expect(await sameDocument()).toBe(42);
  });
});
