/**
 * Chromium with the built extension loaded, driven by playwright-core: what `npm run demo` opens
 * and what every browser test runs in. Chromium itself is the machine's (Debian's `chromium`, or
 * the one named); nothing is downloaded. Branded Google Chrome ignores --load-extension since
 * version 137, so it is Chromium or Chrome for Testing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
/** LEEWAY_EXT_OUT: the build to load (as wxt.config.ts builds it); else the project's .output. */
export const EXTENSION_DIR = resolve(process.env.LEEWAY_EXT_OUT || resolve(ROOT, '.output'), 'chrome-mv3');

/** Where a Chromium is usually installed, most likely first. */
const KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome-for-testing'];

/** The Chromium to run: the one named (CHROMIUM_PATH or the caller's), else the first installed. */
export function findChromium(named = process.env.CHROMIUM_PATH): string | null {
  if (named) return existsSync(named) ? named : null;
  return KNOWN_PATHS.find((p) => existsSync(p)) ?? null;
}

export interface LaunchOptions {
  /** Host names resolved to local servers (`--host-resolver-rules`), for the test fixtures. */
  hostRules?: string[];
  /** A real window (the demo on a desktop) rather than headless. */
  headed?: boolean;
  /** Window size and position, for the demo's side-by-side windows. */
  window?: { width: number; height: number; x?: number; y?: number };
  chromiumPath?: string;
  /** Keep the options page the extension opens on install (else it is awaited and closed). */
  keepFirstRunPage?: boolean;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** Its own profile directory in the temp dir, removed by close(). */
  profile: string;
  close(): Promise<void>;
}

/** A fresh profile with the extension loaded; resolves once its service worker runs. */
export async function launchWithExtension(opts: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const executablePath = opts.chromiumPath ?? findChromium();
  if (!executablePath) throw new Error('No Chromium found: install Debian’s `chromium` or set CHROMIUM_PATH.');
  const size = opts.window ?? { width: 1280, height: 800 };
  // A fresh profile each time, removed on close: every test file's browser would otherwise leave ~20 MB in the temp dir.
  const profile = mkdtempSync(join(tmpdir(), 'leeway-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath,
      headless: false,
      // A real window sizes its page itself; headless gets a fixed viewport.
      viewport: opts.headed ? null : { width: size.width, height: size.height },
      args: [
        ...(opts.headed
          ? [`--window-size=${size.width},${size.height}`, `--window-position=${size.x ?? 0},${size.y ?? 0}`]
          : ['--headless=new']),
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...(opts.hostRules?.length ? [`--host-resolver-rules=${opts.hostRules.join(',')}`] : []),
        '--ignore-certificate-errors',
      ],
    })
    .catch((e: unknown) => {
      removeProfile();
      throw e;
    });
  const close = () => context.close().finally(removeProfile);
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    if (!opts.keepFirstRunPage) await closeFirstRunPage(context, extensionId);
    return { context, extensionId, profile, close };
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
}

/**
 * The extension opens its options page by itself on install (extension/background/launcher.ts);
 * closed here so it cannot navigate a page of ours under us.
 */
async function closeFirstRunPage(context: BrowserContext, extensionId: string): Promise<void> {
  // Polled, not awaited as a 'page' event: the tab can appear before its URL is the options page's.
  const isIt = (p: Page) => p.url().startsWith(`chrome-extension://${extensionId}/options.html`);
  for (const until = Date.now() + 15_000; ; ) {
    const page = context.pages().find(isIt);
    if (page) {
      await page.waitForLoadState('load');
      // A real window closes with its last tab, and the browser with its last window.
      if (context.pages().length === 1) await context.newPage();
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
