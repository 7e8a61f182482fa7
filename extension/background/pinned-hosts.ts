/**
 * The tenant's pinned helpdesk hosts, and the only places the panel's content script runs.
 *
 * An admin lists the exact hosts of the tenant's helpdesks (`acme.zendesk.com`), never a wildcard:
 * a built-in adapter knows how Zendesk pages look on any `*.zendesk.com`, but whether to trust a
 * given Zendesk account is the tenant's call. The background fetches the list after each sign-in
 * and reconnect, and registers the content script at run time on each pinned host the user
 * allowed (`https://<host>/*`; on the signed-in server's own host, its demo desk, screen-pop and widget pages only: runPattern).
 * Nothing in the manifest runs on a helpdesk by itself.
 * Registrations are reconciled with the list on every change: a host the admin removed (or the
 * user revoked) stops running at once, and a host that stays is never unregistered in between.
 */
import { browser } from 'wxt/browser';
import { instanceProblem } from '@shared/helpdesk-instance';
import { isCallDesktopHost } from '../calls/desktops';
import { accountItem, helpdeskHostsItem } from '../lib/storage';
import { apiServer, authorizedFetch } from './session';

/** The built content script that reads a helpdesk page and mounts the panel's frame (WXT names it after the entrypoint reader.content). */
export const PANEL_SCRIPT = 'content-scripts/reader.js';
/** The same for a call's page: a contact-center desktop, this server's screen pop and widget (entrypoints/call-panel.content/). */
export const CALL_PANEL_SCRIPT = 'content-scripts/call-panel.js';
/**
 * On a contact-center desktop's host only (extension/calls/desktops.ts), the call reader in the
 * page's main world (entrypoints/call-reader.content.ts), from document_start.
 */
export const CALL_SCRIPT = 'content-scripts/call-reader.js';
const ID_PREFIX = 'leeway-host-';
/** Registrations by earlier versions (one per declarative adapter, on its own patterns): removed on rebuild. */
const LEGACY_PREFIXES = ['leeway-adapter-'];

/** A host as the server pins it (the same rule): lowercase name, `:port` only when not the default; no scheme, path or wildcard. */
export const isHost = (h: unknown): h is string => typeof h === 'string' && instanceProblem(h) === null;

/** This machine (127.0.0.1, localhost): where a demo server serves its desk over plain http. */
const LOOPBACK = /^(?:127\.0\.0\.1|localhost)(?::\d+)?$/;

/**
 * The only pattern Leeway asks permission for, per host: HTTPS, every path; plain http only on
 * this machine (the manifest admits nothing else), where the demo server serves its desk.
 */
export const hostPattern = (host: string) => `${LOOPBACK.test(host) ? 'http' : 'https'}://${host}/*`;

/**
 * Where Leeway runs on a pinned host: every path, but on the host of the server the user signed
 * in to (a demo server pins its own address for its desk, server/src/demo/desk/pin-host.ts) the
 * demo desk's pages only (rebuild() adds its /pop page), and on a loopback host that is not that
 * server, nowhere: the built-in demo desk adapter is thereby active on the configured server's
 * origin alone. Null: not registered.
 */
export function runPattern(host: string, serverUrl: string): string | null {
  let server: URL | null = null;
  try {
    server = new URL(serverUrl);
  } catch {
    // no server configured: no host is the server's
  }
  // The server's own scheme must be the one its host may be allowed on (one refused pattern fails every registration).
  if (server && server.host === host) return hostPattern(host).startsWith(server.protocol) ? `${server.origin}/demo/desk/*` : null;
  return LOOPBACK.test(host) ? null : hostPattern(host);
}

function serverHost(serverUrl: string): string | null {
  try {
    return new URL(serverUrl).host;
  } catch {
    return null;
  }
}

export interface HostSyncResult {
  /** Pinned hosts the panel runs on now. */
  registered: string[];
  /** Pinned hosts waiting for the user to allow them. */
  needsPermission: string[];
  error?: string;
}

/** GET /v1/helpdesk-hosts with a current access token; keeps the last list when the server cannot answer. */
export async function fetchHelpdeskHosts(): Promise<string[]> {
  const [serverUrl, account] = await Promise.all([apiServer(), accountItem.getValue()]);
  if (!account) return helpdeskHostsItem.getValue();
  const res = await authorizedFetch(new URL('/v1/helpdesk-hosts', serverUrl), { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the server answered ${res.status} to GET /v1/helpdesk-hosts`);
  return storeHosts(((await res.json()) as { hosts?: unknown }).hosts);
}

/**
 * Stored validated: the content script and the registrations trust storage. Anything not a plain
 * host is dropped. Stamped with the tenant it belongs to (first: the value's watchers rebuild).
 */
async function storeHosts(hosts: unknown): Promise<string[]> {
  const list = Array.isArray(hosts) ? [...new Set(hosts.filter(isHost))] : [];
  const account = await accountItem.getValue();
  await helpdeskHostsItem.setMeta({ tenantId: account?.user.tenantId ?? null });
  await helpdeskHostsItem.setValue(list);
  return list;
}

/**
 * The hosts to run on now. Signed in: only a list fetched for this user's tenant (after a sign-in
 * to another tenant, the previous tenant's hosts run nothing, even if the new list cannot be
 * fetched). Signed out: the last list, so its pages can say "signed out".
 */
async function currentHosts(): Promise<string[]> {
  const [hosts, account, meta] = await Promise.all([
    helpdeskHostsItem.getValue(),
    accountItem.getValue(),
    helpdeskHostsItem.getMeta() as Promise<{ tenantId?: string | null }>,
  ]);
  if (account && meta.tenantId !== account.user.tenantId) return [];
  return hosts.filter(isHost);
}

/** PUT /v1/helpdesk-hosts (admins): answers the stored list, or the server's sentence on why not. */
export async function saveHelpdeskHosts(hosts: string[]): Promise<{ hosts: string[] } | { error: string }> {
  const serverUrl = await apiServer();
  let res: Response;
  try {
    res = await authorizedFetch(new URL('/v1/helpdesk-hosts', serverUrl), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ hosts }),
    });
  } catch {
    return { error: `Cannot reach the Leeway server at ${serverUrl}` };
  }
  const body = (await res.json().catch(() => ({}))) as { hosts?: unknown; message?: string };
  if (!res.ok) return { error: body.message ?? `The server answered ${res.status}` };
  const stored = await storeHosts(body.hosts);
  await syncRegistrations();
  return { hosts: stored };
}

/**
 * One rebuild at a time: a permission grant fires both permissions.onAdded and the options
 * page's request, and two interleaved rebuilds would register the same id twice.
 */
let queue: Promise<unknown> = Promise.resolve();
export function syncRegistrations(): Promise<HostSyncResult> {
  const next = queue.then(rebuild, rebuild);
  queue = next.catch(() => {});
  return next;
}

async function rebuild(): Promise<HostSyncResult> {
  const result: HostSyncResult = { registered: [], needsPermission: [] };
  const scripts: Parameters<typeof browser.scripting.registerContentScripts>[0] = [];
  const serverUrl = await apiServer();
  for (const host of await currentHosts()) {
    const pattern = runPattern(host, serverUrl);
    if (!pattern) continue;
    // Registering on an origin without its host permission fails the whole call: ask first, register after.
    if (!(await browser.permissions.contains({ origins: [hostPattern(host)] }))) {
      result.needsPermission.push(host);
      continue;
    }
    const desktop = isCallDesktopHost(host);
    const common = { runAt: 'document_idle', allFrames: false, persistAcrossSessions: true } as const;
    // A desktop's host gets the call panel, any other the helpdesk reader: each page loads only its own trackers.
    scripts.push({ id: `${ID_PREFIX}${host}`, matches: [pattern], js: [desktop ? CALL_PANEL_SCRIPT : PANEL_SCRIPT], ...common });
    if (serverHost(serverUrl) === host) {
      const origin = new URL(serverUrl).origin;
      // The signed-in server's own screen-pop page (server/src/routes/pop.ts), and its Genesys Cloud
      // widget page, shown in a frame inside Genesys's desktop: all frames.
      scripts.push({ id: `${ID_PREFIX}${host}#pop`, matches: [`${origin}/pop*`], js: [CALL_PANEL_SCRIPT], ...common });
      scripts.push({
        id: `${ID_PREFIX}${host}#widget`,
        matches: [`${origin}/widgets/*`],
        js: [CALL_PANEL_SCRIPT],
        ...common,
        allFrames: true,
      });
    }
    if (desktop)
      scripts.push({
        id: `${ID_PREFIX}${host}#calls`,
        matches: [pattern],
        js: [CALL_SCRIPT],
        runAt: 'document_start',
        world: 'MAIN',
        allFrames: false,
        persistAcrossSessions: true,
      });
    result.registered.push(host);
  }
  // Only what changed: unregistering a host to register it again would leave a moment in which a
  // page loading there gets no content script.
  const ours = [ID_PREFIX, ...LEGACY_PREFIXES];
  const existing = (await browser.scripting.getRegisteredContentScripts()).filter((s) => ours.some((p) => s.id.startsWith(p)));
  type Registered = { matches?: string[]; js?: string[]; world?: string; runAt?: string; allFrames?: boolean };
  // Everything a registration decides: one kept from an earlier version with another runAt would keep it.
  const fields = (r: Registered) => [r.matches, r.js, r.world ?? 'ISOLATED', r.runAt ?? 'document_idle', r.allFrames ?? false];
  const same = (a: Registered, b: Registered) => JSON.stringify(fields(a)) === JSON.stringify(fields(b));
  const keep = new Set(existing.filter((e) => scripts.some((w) => w.id === e.id && same(w, e))).map((e) => e.id));
  const stale = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  const fresh = scripts.filter((w) => !keep.has(w.id));
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
  if (fresh.length) await browser.scripting.registerContentScripts(fresh);
  return result;
}

/** Fetch then register; a fetch failure still registers what storage already holds. */
export async function refreshHosts(): Promise<HostSyncResult> {
  let error: string | undefined;
  try {
    await fetchHelpdeskHosts();
  } catch (e) {
    error = (e as Error).message;
  }
  const result = await syncRegistrations();
  return error ? { ...result, error } : result;
}
