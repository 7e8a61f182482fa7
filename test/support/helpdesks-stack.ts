/**
 * Every built-in helpdesk with a host, for one browser test: the real server process, ONE
 * HTTPS fixture server answering for all helpdesk hosts (routed by Host header), Chromium
 * launched once with every host pattern mapped to it, signed in as `email`.
 */
import { chatwootFixture } from '../fixtures/chatwoot/routes';
import { freshdeskFixture } from '../fixtures/freshdesk/routes';
import { frontFixture } from '../fixtures/front/routes';
import { gorgiasFixture } from '../fixtures/gorgias/routes';
import { helpscoutFixture } from '../fixtures/helpscout/routes';
import { hubspotFixture } from '../fixtures/hubspot/routes';
import { intercomFixture } from '../fixtures/intercom/routes';
import { kustomerFixture } from '../fixtures/kustomer/routes';
import { salesforceFixture } from '../fixtures/salesforce/routes';
import { servicenowFixture } from '../fixtures/servicenow/routes';
import type { HelpdeskFixture } from '../fixtures/_shared/site';
import { zammadFixture } from '../fixtures/zammad/routes';
import { zendeskHosts, zendeskRoutes } from '../fixtures/zendesk/routes';
import { zohodeskFixture } from '../fixtures/zohodesk/routes';
import type { ExtensionBrowser } from './browser';
import { type HelpdeskSite, startHelpdeskServer, type HelpdeskServer } from './helpdesk-server';
import type { ServerProcess } from './server-process';
import { startStack } from './start-stack';

const zendeskFixture: HelpdeskFixture = {
  id: 'zendesk',
  tickets: {},
  site: { hosts: zendeskHosts, routes: zendeskRoutes },
  urls: { a: 'https://acme.zendesk.com/agent/tickets/101', b: 'https://acme.zendesk.com/agent/tickets/102' },
};

export const HELPDESK_FIXTURES: HelpdeskFixture[] = [
  zendeskFixture,
  freshdeskFixture,
  salesforceFixture,
  intercomFixture,
  hubspotFixture,
  helpscoutFixture,
  frontFixture,
  zohodeskFixture,
  gorgiasFixture,
  servicenowFixture,
  kustomerFixture,
  chatwootFixture,
  zammadFixture,
];

export interface HelpdesksStack {
  server: ServerProcess;
  helpdesks: HelpdeskServer;
  browser: ExtensionBrowser;
  close(): Promise<void>;
}

/**
 * `fixtures`: the sites to serve (every built-in one by default); `prepare`: what the server needs
 * before the agent signs in (e.g. an admin's declarative adapter); `allow`: how the signed-in
 * browser is allowed on the fixtures' hosts (the product's own Allow path by default).
 */
export async function startHelpdesksStack(
  opts: {
    email?: string;
    fixtures?: HelpdeskFixture[];
    serverEnv?: Record<string, string>;
    prepare?: (serverUrl: string, server: ServerProcess) => Promise<void>;
    allow?: (browser: ExtensionBrowser, hosts: string[]) => Promise<void>;
    /** Sites served at their hosts but where Leeway does not run (a desktop that frames Leeway's own page). */
    framingSites?: HelpdeskSite[];
  } = {},
): Promise<HelpdesksStack> {
  const fixtures = opts.fixtures ?? HELPDESK_FIXTURES;
  const sites = [...fixtures.map((f) => f.site), ...(opts.framingSites ?? [])];
  const hosts = [...new Set(sites.flatMap((s) => s.hosts))];
  const started = await startStack({
    site: () => startHelpdeskServer(sites),
    hostRules: (port) => hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`),
    // Each fixture's ticket hosts.
    allowed: [...new Set(fixtures.flatMap((f) => [f.urls.a, f.urls.b]).map((u) => new URL(u).host))],
    email: opts.email,
    serverEnv: opts.serverEnv,
    prepare: opts.prepare,
    allow: opts.allow,
  });
  return { server: started.server, helpdesks: started.site, browser: started.browser, close: started.close };
}
