/**
 * Sessions in real Chromium: with access tokens that live 5 s, a signed-in extension keeps
 * working across many expiries (the background renews them with the refresh token), comes
 * back after a server restart with a renewed token, and shows the signed-out state, not
 * errors, when its session is ended: by the user, or on the server.
 *
 * And the tokens stay in the background: session storage (trusted contexts only), never local
 * storage; the content script in a helpdesk page, asked through its own isolated world (over
 * CDP, as nothing else can reach it), finds no token in storage and is refused one by the background.
 */
import Database from 'better-sqlite3';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panel, signIn } from '../support/browser';
import { inContentScript } from '../support/content-script-world';
import { startServer } from '../support/server-process';
import { startZendeskStack, type ZendeskStack } from '../support/stack';
import { postEvent } from '../support/webhook';

const SERVER_ENV = { LEEWAY_TOKEN_TTL: '5s' };
let stack: ZendeskStack;

beforeAll(async () => {
  stack = await startZendeskStack({ serverEnv: SERVER_ENV });
});
afterAll(async () => {
  await stack?.close();
});

interface Stored {
  token: string;
  expiresAt: string;
  refreshToken: string;
}
const worker = async (): Promise<Worker> =>
  stack.browser.context.serviceWorkers()[0] ?? (await stack.browser.context.waitForEvent('serviceworker'));
/** The access token as the background holds it now: in session storage. */
type Area = { get(key: string | null): Promise<Record<string, unknown>> };
type ChromeStorage = { storage: { local: Area; session: Area } };
const stored = async (): Promise<Stored | null> =>
  (await worker()).evaluate(
    async () =>
      ((await (globalThis as unknown as { chrome: ChromeStorage }).chrome.storage.session.get('auth')).auth ?? null) as Stored | null,
  );
/** Everything in the extension's local storage (what a content script could read), as text. */
const localStorageText = async (): Promise<string> =>
  (await worker()).evaluate(async () =>
    JSON.stringify(await (globalThis as unknown as { chrome: ChromeStorage }).chrome.storage.local.get(null)),
  );
const customerName = (page: Page) => panel(page).locator('[data-field="customer-name"]');
const status = (page: Page) => panel(page).locator('[data-status]');

function sessionsOf(dbFile: string) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare('select id, revoked_reason as reason from sessions order by created_at').all() as {
      id: string;
      reason: string | null;
    }[];
  } finally {
    db.close();
  }
}

async function pushAndSee(page: Page, email: string, orderId: string) {
  const res = await postEvent(stack.server.url, stack.ingestKey, {
    type: 'order.placed',
    customer: { email },
    data: { orderId, amountCents: 1200, currency: 'USD' },
  });
  expect(res.status).toBe(200);
  await panel(page).locator(`li[data-event-id="${res.body.eventId}"]`).waitFor();
}

describe('the tokens stay in the background', () => {
  it('session storage holds them, local storage never; a content script can read none and is refused one', async () => {
    const page = await stack.browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');

    const held = (await stored())!;
    expect(held.token).toMatch(/^ey/);
    const local = await localStorageText();
    expect(local).not.toContain(held.token);
    expect(local).not.toContain(held.refreshToken);
    expect(local, 'the UI still knows who is signed in').toContain('agent@acme.test');

    // Our content script's own world in the helpdesk tab: what a subverted content script could do.
    const probe = await inContentScript(page, async () => {
      // The chrome.* surface a content script has, typed loosely on purpose.
      const c = (globalThis as unknown as { chrome: any }).chrome;
      const attempt = (msg: unknown) =>
        c.runtime.sendMessage(msg).then(
          (answer: unknown) => ({ answer }),
          (e: Error) => ({ refused: e.message }),
        );
      return {
        local: JSON.stringify(await c.storage.local.get(null)),
        session: await c.storage.session.get(null).then(
          (v: unknown) => JSON.stringify(v),
          (e: Error) => `refused: ${e.message}`,
        ),
        token: await attempt({ type: 'access-token' }),
        forced: await attempt({ type: 'access-token', force: true }),
        signOut: await attempt({ type: 'sign-out' }),
        hosts: await attempt({ type: 'hosts-save', hosts: ['evil.zendesk.com'] }),
        // The supervisor's port: decisions on requests. Cut off unheard.
        sidePanel: await new Promise<{ heard: unknown[]; cutOff: boolean }>((resolve) => {
          const heard: unknown[] = [];
          const port = c.runtime.connect({ name: 'leeway-sidepanel' });
          port.onMessage.addListener((m: unknown) => heard.push(m));
          port.onDisconnect.addListener(() => resolve({ heard, cutOff: true }));
          port.postMessage({ type: 'decide', id: 1, body: { exceptionId: 'x', decision: 'approved' } });
          setTimeout(() => resolve({ heard, cutOff: false }), 1500);
        }),
      };
    });
    expect(probe.local).not.toContain(held.token);
    expect(probe.local).not.toContain(held.refreshToken);
    expect(probe.session).toMatch(/^refused: /);
    // Refused: no listener answers it (the promise rejects, or resolves with nothing), so no token can be in it.
    for (const key of ['token', 'forced', 'signOut', 'hosts'] as const)
      expect((probe[key] as { answer?: unknown }).answer ?? null, key).toBeNull();
    expect(probe.sidePanel).toEqual({ heard: [], cutOff: true });
    // Nothing changed: still signed in, same session, the hosts as the tenant pinned them.
    expect(await stored()).not.toBeNull();
    expect(await status(page).getAttribute('data-status')).toBe('online');
    expect(await localStorageText()).not.toContain('evil.zendesk.com');

    // The control: the console (an extension page) asking the same gets a token.
    const consolePage = await stack.browser.context.newPage();
    await consolePage.goto(`chrome-extension://${stack.browser.extensionId}/console.html`);
    const fromConsole = await consolePage.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<string | null> } } }).chrome.runtime.sendMessage({
        type: 'access-token',
      }),
    );
    expect(fromConsole).toMatch(/^ey/);
    await consolePage.close();
    await page.close();
  });
});

describe('a signed-in extension with 5-second access tokens', () => {
  it('keeps receiving pushed events across several token expiries', async () => {
    const page = await stack.browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');

    // Three renewals seen, each of a token that was about to expire: 15 s of a 5 s token's life.
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const s = await stored();
          if (s) seen.add(s.token);
          return seen.size;
        },
        { timeout: 40_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(4);
    expect(await status(page).getAttribute('data-status')).toBe('online');
    await pushAndSee(page, 'dana.whitfield@example.com', 'R-1001');
    // One session throughout: renewals, not new sign-ins.
    expect(sessionsOf(stack.server.dbFile)).toHaveLength(1);
    await page.close();
  });

  it('reconnects after a restart with a renewed token, even once the one it held has expired', async () => {
    const page = await stack.browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => customerName(page).textContent()).toBe('Dana Whitfield');

    const { dbFile, port } = stack.server;
    await stack.server.stop('SIGKILL');
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('offline');
    // While the server is down nothing can be renewed: wait until the held token is past its expiry.
    await expect.poll(async () => Date.parse((await stored())!.expiresAt) < Date.now(), { timeout: 20_000, interval: 500 }).toBe(true);

    stack.server = await startServer({ dbFile, port, env: SERVER_ENV });
    await expect.poll(() => status(page).getAttribute('data-status'), { timeout: 30_000 }).toBe('online');
    await pushAndSee(page, 'dana.whitfield@example.com', 'R-1002');
    expect(sessionsOf(dbFile)).toHaveLength(1);
    await page.close();
  });

  it('signs out from the options page: the server ends the session, the panel shows signed out', async () => {
    const page = await stack.browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('online');

    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.locator('input[name=email]').waitFor();
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('signed-out');
    expect(sessionsOf(stack.server.dbFile).at(-1)!.reason).toBe('signed out');
    expect(await stored()).toBeNull();
    expect(await options.getByTestId('signed-out-reason').count()).toBe(0); // the user asked for it: no explanation needed
    await options.close();
    await page.close();
  });

  it('shows the signed-out state, with why, when a refresh is refused because the session was ended on the server', async () => {
    await signIn(stack.browser, stack.server.url, 'agent@acme.test');
    const page = await stack.browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => status(page).getAttribute('data-status')).toBe('online');

    // An admin (or theft detection in another process) ends the session behind the extension's back.
    const sid = sessionsOf(stack.server.dbFile).at(-1)!.id;
    const db = new Database(stack.server.dbFile);
    db.prepare("update sessions set revoked_at = ?, revoked_reason = 'ended by an admin' where id = ?").run(Date.now(), sid);
    db.close();

    // The next renewal is refused: signed out, not an error.
    await expect.poll(() => status(page).getAttribute('data-status'), { timeout: 20_000 }).toBe('signed-out');
    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/options.html`);
    expect(await options.getByTestId('signed-out-reason').textContent()).toBe('Your session was signed out: sign in again');
    await options.screenshot({ path: 'test-results/options-signed-out.png' });
    await page.screenshot({ path: 'test-results/panel-signed-out.png' });
    await options.close();
    await page.close();
  });
});
