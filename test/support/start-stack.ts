/**
 * What every browser test starts, in the order that costs least: the server process starts while
 * the fixture site comes up and Chromium launches and pre-grants the site's hosts (none of them
 * needs the server); then the agent signs in and allows the hosts, as a user would. Whatever had
 * started is stopped again when a later part fails.
 */
import { allowHosts, grantHosts } from './allow-hosts';
import { launchWithExtension, signIn, type ExtensionBrowser } from './browser';
import type { HelpdeskServer } from './helpdesk-server';
import { startServer, type ServerProcess } from './server-process';

export interface StartedStack {
  /** A test that restarts the server puts the new process here: `close` stops that one. */
  server: ServerProcess;
  site: HelpdeskServer;
  browser: ExtensionBrowser;
  close(): Promise<void>;
}

export async function startStack(opts: {
  site: () => Promise<HelpdeskServer>;
  /** Chromium's host resolver rules, once the site has its port. */
  hostRules: (port: number) => string[];
  /** The hosts the signed-in agent allows (the tenant must pin them). */
  allowed: string[];
  email?: string;
  serverEnv?: Record<string, string>;
  /** What the server needs before the agent signs in (e.g. an admin's declarative adapter). */
  prepare?: (serverUrl: string, server: ServerProcess) => Promise<void>;
  /** Another way to allow the hosts than the product's own Allow (then nothing is pre-granted). */
  allow?: (browser: ExtensionBrowser, hosts: string[]) => Promise<void>;
}): Promise<StartedStack> {
  const parts: Partial<StartedStack> = {};
  const close = async () => {
    await parts.browser?.close().catch(() => {});
    await parts.site?.close().catch(() => {});
    await parts.server?.stop().catch(() => {});
  };
  try {
    const starting = startServer({ env: opts.serverEnv }).then((s) => (parts.server = s));
    const browsing = (async () => {
      const site = (parts.site = await opts.site());
      const browser = (parts.browser = await launchWithExtension(opts.hostRules(site.port)));
      if (!opts.allow) await grantHosts(browser, opts.allowed);
    })();
    for (const s of await Promise.allSettled([starting, browsing])) if (s.status === 'rejected') throw s.reason;
    const { server, site, browser } = parts as Required<StartedStack>;
    await opts.prepare?.(server.url, server);
    await signIn(browser, server.url, opts.email ?? 'agent@acme.test');
    // The content script runs only on hosts the tenant pins and the user allowed.
    await (opts.allow ?? ((b, h) => allowHosts(b, h, { granted: true })))(browser, opts.allowed);
    const stack: StartedStack = { server, site, browser, close: () => ((parts.server = stack.server), close()) };
    return stack;
  } catch (e) {
    await close();
    throw e;
  }
}
