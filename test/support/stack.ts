/**
 * The whole product for a browser test: the real server process, the Zendesk fixture at
 * its real host name, Chromium with the built extension, signed in as `email`.
 */
import { zendeskHosts, zendeskRoutes } from '../fixtures/zendesk/routes';
import { allowHosts, grantHosts } from './allow-hosts';
import { launchWithExtension, signIn, type ExtensionBrowser } from './browser';
import { startHelpdeskServer, type HelpdeskServer } from './helpdesk-server';
import { ingestSecret, startServer, type ServerProcess } from './server-process';

export interface ZendeskStack {
  server: ServerProcess;
  helpdesk: HelpdeskServer;
  browser: ExtensionBrowser;
  ingestKey: { id: string; secret: string };
  close(): Promise<void>;
}

/** `hosts`: the Zendesk hosts the signed-in user allows (the tenant must pin them); acme's by default. */
export async function startZendeskStack(
  opts: { email?: string; serverEnv?: Record<string, string>; hosts?: string[] } = {},
): Promise<ZendeskStack> {
  let server: ServerProcess | undefined;
  let helpdesk: HelpdeskServer | undefined;
  let browser: ExtensionBrowser | undefined;
  const close = async () => {
    await browser?.close().catch(() => {});
    await helpdesk?.close().catch(() => {});
    await server?.stop().catch(() => {});
  };
  try {
    // The server starts while the browser launches and pre-grants its hosts (neither needs it).
    const starting = startServer({ env: opts.serverEnv }).then((s) => (server = s));
    const hosts = opts.hosts ?? ['acme.zendesk.com'];
    const browsing = (async () => {
      helpdesk = await startHelpdeskServer(zendeskHosts, zendeskRoutes);
      browser = await launchWithExtension([`MAP *.zendesk.com 127.0.0.1:${helpdesk.port}`]);
      await grantHosts(browser, hosts);
    })();
    const started = await Promise.allSettled([starting, browsing]);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    await signIn(browser!, server!.url, opts.email ?? 'agent@acme.test');
    // The content script runs only on hosts the tenant pins and the user allowed.
    await allowHosts(browser!, hosts, { granted: true });
    const stack: ZendeskStack = {
      server: server!,
      helpdesk: helpdesk!,
      browser: browser!,
      ingestKey: { id: 'acme-demo', secret: await ingestSecret(server!.target, 'acme-demo') },
      // A test may restart the server and put the new process in `stack.server`: close that one.
      close: () => ((server = stack.server), close()),
    };
    return stack;
  } catch (e) {
    await close();
    throw e;
  }
}

/** A REST token for calling the API directly, as the same user the browser signed in as. */
export async function apiToken(serverUrl: string, email: string, password = 'leeway-demo'): Promise<string> {
  const res = await fetch(`${serverUrl}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await res.json()) as { token: string }).token;
}
