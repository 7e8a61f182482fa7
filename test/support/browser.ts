/**
 * Debian's Chromium with the built extension loaded, driven by playwright-core.
 * Helpdesk host names resolve to local fixture servers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** LEEWAY_EXT_OUT: the build to load (a helper's own outDir), as wxt.config.ts builds it. */
export const EXTENSION_DIR = resolve(process.env.LEEWAY_EXT_OUT ?? resolve(import.meta.dirname, '../../.output'), 'chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}

/**
 * Chromium with the built extension. The extension's first run opens its options page by itself
 * (extension/background/launcher.ts); unless `keepFirstRunPage`, that page is awaited and closed
 * here, so it cannot navigate a test's own options page under it.
 */
export async function launchWithExtension(hostRules: string[], opts: { keepFirstRunPage?: boolean } = {}): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'leeway-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless=new',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${hostRules.join(',')}`,
      '--ignore-certificate-errors',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  if (!opts.keepFirstRunPage) await closeFirstRunPage(context, extensionId);
  return { context, extensionId, close: () => context.close() };
}

async function closeFirstRunPage(context: BrowserContext, extensionId: string): Promise<void> {
  const isIt = (p: Page) => p.url().startsWith(`chrome-extension://${extensionId}/options.html`);
  const until = Date.now() + 15_000;
  for (;;) {
    const page = context.pages().find(isIt);
    if (page) {
      await page.waitForLoadState('load');
      return page.close();
    }
    if (Date.now() > until) throw new Error('The extension did not open its options page on install (extension/background/launcher.ts)');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Signs in through the extension's own options page, as a user would. */
export async function signIn(b: ExtensionBrowser, serverUrl: string, email: string, password = 'leeway-demo'): Promise<void> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  await page.locator('input[name=serverUrl]').fill(serverUrl);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in').waitFor();
  await page.close();
}

/** The panel's frame in the helpdesk page: an extension page (panel.html) the page cannot script. */
export const PANEL_FRAME = 'iframe[data-leeway-panel]';

/** The panel, inside its extension-origin frame. */
export const panel = (page: Page) => page.frameLocator(PANEL_FRAME).locator('.panel');
