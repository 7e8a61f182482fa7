/**
 * Calls the platform confirms, in real Chromium on Amazon Connect's CCP: once the admin says
 * Connect's call events reach Leeway, the panel shows the caller those signed events name, not
 * what the page reads or a page script posts; a contact the platform never told of is refused in
 * words with Try again, which shows the caller once the platform's event has come.
 */
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_URLS, connectFixture } from '../fixtures/amazon-connect/routes';
import { panel } from '../support/browser';
import { startHelpdesksStack, type HelpdesksStack } from '../support/helpdesks-stack';
import { panelAxeViolations } from '../support/panel-checks';
import { signIn } from '../support/remote-clients';
import { ingestSecret } from '../support/server-process';
import { postCall } from '../support/webhook';

const SHOTS = 'test-results';
const DANA = '(415) 555-0100';
const SAM = '+14155550123';

let stack: HelpdesksStack;
let secret: string;
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startHelpdesksStack({
    fixtures: [connectFixture],
    prepare: async (url) => {
      const res = await fetch(`${url}/v1/settings/calls`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${await signIn(url, 'admin@acme.test')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ confirmedBy: ['amazon-connect'] }),
      });
      if (res.status !== 200) throw new Error(`setting confirmed calls failed: ${await res.text()}`);
    },
  });
  secret = await ingestSecret(stack.server.target, 'acme-demo');
});
afterAll(() => stack?.close());

/** What Connect's contact events tell Leeway (through the tenant's forwarder): signed with its ingest key. */
async function platformSays(contactId: string, caller: string) {
  const call = { platform: 'amazon-connect', contactId, state: 'ringing', caller, agent: 'agent@acme.test' };
  const res = await postCall(stack.server.url, { id: 'acme-demo', secret }, call);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const ring = (page: Page, contactId: string, number: string) =>
  page.evaluate(([c, n]) => (window as never as { ccpSim: { ring(a: string, b: string): void } }).ccpSim.ring(c!, n!), [contactId, number]);
const customerName = async (page: Page) => (await panel(page).locator('[data-field="customer-name"]').allTextContents())[0] ?? null;
const failure = async (page: Page) => (await panel(page).locator('[data-field="failure"]').allTextContents())[0] ?? null;

describe('calls Amazon Connect confirms', () => {
  it('show the caller the platform names, whatever the page reads; an unconfirmed contact waits for it', async () => {
    const page = await stack.browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(CONNECT_URLS.ccp);
    try {
      // The page reads Dana's number; Connect says Sam is calling.
      const id = randomUUID();
      await platformSays(id, SAM);
      await ring(page, id, DANA);
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Sam Okafor');

      // A page script makes up a contact: refused in words once the wait is over, with Try again.
      const forged = randomUUID();
      await page.evaluate(
        ([c, n]) =>
          window.postMessage(
            { type: 'leeway:call-reading', desktop: 'amazon-connect', state: 'ringing', channel: 'voice', contactId: c, from: n },
            location.origin,
          ),
        [forged, DANA],
      );
      await expect.poll(() => failure(page), { timeout: 15_000 }).toMatch(/Amazon Connect has not told Leeway of this call yet/);
      expect(await customerName(page)).toBeNull();
      await page.screenshot({ path: `${SHOTS}/call-unconfirmed.png` });
      expect(await panelAxeViolations(page)).toEqual([]);

      // Had it been a real call, Connect's event comes: Try again shows its caller.
      await platformSays(forged, SAM);
      await panel(page).getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => customerName(page), { timeout: 10_000 }).toBe('Sam Okafor');
    } finally {
      await page.close();
    }
  }, 60_000);
});
