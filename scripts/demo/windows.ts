/**
 * The demo's two browsers, each its own profile as two people's machines would be: the agent on
 * the demo desk with the panel, and the team lead with the side panel's page, on duty.
 */
import type { Page } from 'playwright-core';
import { type ExtensionBrowser, launchWithExtension, signIn } from './chromium';

export interface DemoWindows {
  agent: ExtensionBrowser;
  lead: ExtensionBrowser;
  /** The desk's ticket page in the agent's browser, the panel on it. */
  desk: Page;
  /** The lead's queue: the side panel's page, in a narrow window of its own. */
  queue: Page;
  close(): Promise<void>;
}

export interface WindowOptions {
  serverUrl: string;
  headed: boolean;
  chromiumPath?: string;
}

declare const chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };

/** The panel's frame in the helpdesk page: an extension page (panel.html) the page cannot script. */
export const PANEL_FRAME = 'iframe[data-leeway-panel]';

/** The panel, inside its extension-origin frame. */
export const panelOf = (page: Page) => page.frameLocator(PANEL_FRAME).locator('.panel');

export async function openDemoWindows(opts: WindowOptions): Promise<DemoWindows> {
  const launch = (window: { width: number; height: number; x: number; y: number }) =>
    launchWithExtension({ headed: opts.headed, chromiumPath: opts.chromiumPath, window });
  const [agent, lead] = await Promise.all([
    launch({ width: 1180, height: 820, x: 0, y: 0 }),
    launch({ width: 460, height: 820, x: 1190, y: 0 }),
  ]);
  const close = async () => {
    await Promise.all([agent.close().catch(() => {}), lead.close().catch(() => {})]);
  };
  try {
    const [desk, queue] = await Promise.all([agentOnDesk(agent, opts.serverUrl), leadOnDuty(lead, opts.serverUrl)]);
    return { agent, lead, desk, queue, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Signed in as the agent, the desk's host allowed as a user allows it, ticket 101 open. */
async function agentOnDesk(b: ExtensionBrowser, serverUrl: string): Promise<Page> {
  await signIn(b, serverUrl, 'agent@acme.test');
  const host = new URL(serverUrl).host;
  // What a person does on chrome://extensions → Leeway → Site access → Add a site; a script
  // cannot answer the browser's own permission prompt that the options page's Allow raises.
  const ext = await b.context.newPage();
  await ext.goto(`chrome://extensions/?id=${b.extensionId}`);
  await ext.evaluate(([id, pattern]) => chrome.developerPrivate.addHostPermission(id!, pattern!), [b.extensionId, `http://${host}/*`]);
  await ext.close();
  const options = await b.context.newPage();
  await options.goto(`chrome-extension://${b.extensionId}/options.html`);
  const row = options.locator(`[data-host="${host}"]`);
  await row.getByRole('button', { name: `Allow on ${host}` }).click({ timeout: 15_000 });
  await row.getByTestId('allowed').waitFor({ timeout: 15_000 });
  await options.close();
  const desk = await b.context.newPage();
  await desk.goto(`${serverUrl}/demo/desk/tickets/101`);
  for (const page of b.context.pages()) if (page !== desk) await page.close();
  return desk;
}

/** Signed in as the team lead, the queue open and "On duty" ticked, so approvals come here. */
async function leadOnDuty(b: ExtensionBrowser, serverUrl: string): Promise<Page> {
  await signIn(b, serverUrl, 'lead@acme.test');
  const queue = await b.context.newPage();
  await queue.goto(`chrome-extension://${b.extensionId}/sidepanel.html`);
  // The label names the role once on duty; off duty, a status says so. Either means the server answered.
  const onDuty = queue.getByRole('checkbox', { name: /^On duty as / });
  await onDuty.or(queue.locator('[data-field="off-duty"]')).waitFor({ timeout: 15_000 });
  if (!(await onDuty.count())) await queue.getByRole('checkbox', { name: /^On duty/ }).check();
  await onDuty.waitFor({ timeout: 15_000 });
  for (const page of b.context.pages()) if (page !== queue) await page.close();
  return queue;
}
