/**
 * The whole product for a browser test: the real server process, the Zendesk fixture at
 * its real host name, Chromium with the built extension, signed in as `email`.
 */
import { zendeskHosts, zendeskRoutes } from '../fixtures/zendesk/routes';
import type { ExtensionBrowser } from './browser';
import { startHelpdeskServer, type HelpdeskServer } from './helpdesk-server';
import { ingestSecret, type ServerProcess } from './server-process';
import { startStack } from './start-stack';

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
  const started = await startStack({
    site: () => startHelpdeskServer(zendeskHosts, zendeskRoutes),
    hostRules: (port) => [`MAP *.zendesk.com 127.0.0.1:${port}`],
    allowed: opts.hosts ?? ['acme.zendesk.com'],
    email: opts.email,
    serverEnv: opts.serverEnv,
  });
  try {
    const stack: ZendeskStack = {
      server: started.server,
      helpdesk: started.site,
      browser: started.browser,
      ingestKey: { id: 'acme-demo', secret: await ingestSecret(started.server.target, 'acme-demo') },
      // A test may restart the server and put the new process in `stack.server`: close that one.
      close: () => ((started.server = stack.server), started.close()),
    };
    return stack;
  } catch (e) {
    await started.close();
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
