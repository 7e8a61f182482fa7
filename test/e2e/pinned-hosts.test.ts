/**
 * Leeway runs only on the tenant's pinned helpdesk hosts that the user allowed. The built-in
 * Zendesk adapter knows what every *.zendesk.com page looks like, but that is not trust: on a
 * Zendesk account the tenant did not pin (an attacker's own trial at evil.zendesk.com) no content
 * script runs, even when the browser itself grants Leeway that host, so a page there has nothing
 * to talk to. And a host an admin takes off the list stops running Leeway for new pages once the
 * extension hears of it (on reconnect, or when the options page is opened).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forceHostPermission, hostPattern, registeredPatterns } from '../support/allow-hosts';
import { panel, PANEL_FRAME } from '../support/browser';
import { inContentScript } from '../support/content-script-world';
import { apiToken, startZendeskStack, type ZendeskStack } from '../support/stack';

let stack: ZendeskStack;
beforeAll(async () => {
  stack = await startZendeskStack(); // signed in as agent@acme.test, acme.zendesk.com allowed
});
afterAll(async () => {
  await stack?.close();
});

async function noLeewayOn(url: string) {
  const page = await stack.browser.context.newPage();
  await page.goto(url);
  await page.waitForLoadState('load');
  await page.waitForTimeout(1000);
  expect(await page.locator(PANEL_FRAME).count(), `no panel frame on ${url}`).toBe(0);
  await expect(
    inContentScript(page, () => 1, { timeoutMs: 1000 }),
    `no content script on ${url}`,
  ).rejects.toThrow(/no Leeway content script world/);
  await page.close();
}

async function putHosts(hosts: string[]) {
  const token = await apiToken(stack.server.url, 'admin@acme.test');
  const res = await fetch(`${stack.server.url}/v1/helpdesk-hosts`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ hosts }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('pinned helpdesk hosts', () => {
  it('the pinned, allowed host has the panel, registered on that exact host only', async () => {
    const page = await stack.browser.context.newPage();
    await page.goto('https://acme.zendesk.com/agent/tickets/101');
    await expect.poll(() => panel(page).locator('[data-field="customer-name"]').textContent()).toBe('Dana Whitfield');
    expect(await registeredPatterns(stack.browser)).toEqual([hostPattern('acme.zendesk.com')]);
    await page.close();
  });

  it('an unpinned account under the same wildcard gets no content script, even with the browser permission', async () => {
    await forceHostPermission(stack.browser, 'evil.zendesk.com');
    await noLeewayOn('https://evil.zendesk.com/agent/tickets/101');
    expect(await registeredPatterns(stack.browser)).not.toContain(hostPattern('evil.zendesk.com'));
  });

  it('a host the admin takes off the list stops running Leeway on new pages once the extension hears of it', async () => {
    const token = await apiToken(stack.server.url, 'admin@acme.test');
    const before = (
      (await (await fetch(`${stack.server.url}/v1/helpdesk-hosts`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        hosts: string[];
      }
    ).hosts;
    await putHosts(before.filter((h) => h !== 'acme.zendesk.com'));
    try {
      // The options page asks the background to refresh the lists when it opens.
      const options = await stack.browser.context.newPage();
      await options.goto(`chrome-extension://${stack.browser.extensionId}/options.html`);
      await expect.poll(() => registeredPatterns(stack.browser), { timeout: 10_000 }).toEqual([]);
      await options.close();
      await noLeewayOn('https://acme.zendesk.com/agent/tickets/101');
    } finally {
      await putHosts(before);
    }
  });
});
