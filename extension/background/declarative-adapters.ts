/**
 * Declarative adapters in the background: fetches the tenant's definitions after sign-in,
 * keeps them in storage for the content script and the popup, and registers the panel's
 * content script at run time on each origin the user has allowed. Registrations are rebuilt
 * from scratch on every change: they are few, and a rebuild never leaves a stale one behind.
 */
import { browser } from 'wxt/browser';
import { AdapterDefinition, type AdapterRecord } from '../../shared/schemas/adapters';
import { declarativeAdaptersItem, serverUrlItem, sessionItem } from '../lib/storage';
import { authorizedFetch } from './session';

/** The built panel content script (WXT names it after the entrypoint panel.content). */
export const PANEL_SCRIPT = 'content-scripts/panel.js';
const ID_PREFIX = 'leeway-adapter-';

export interface AdapterSyncResult {
  /** Definitions the extension runs on now, by name. */
  registered: string[];
  /** Definitions waiting for the user to allow their origins, by name. */
  needsPermission: string[];
  error?: string;
}

/** GET /v1/adapters with a current access token; keeps the last list when the server cannot answer. */
export async function fetchAdapters(): Promise<AdapterRecord[]> {
  const [serverUrl, session] = await Promise.all([serverUrlItem.getValue(), sessionItem.getValue()]);
  if (!session) return declarativeAdaptersItem.getValue();
  const res = await authorizedFetch(new URL('/v1/adapters', serverUrl), { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the server answered ${res.status} to GET /v1/adapters`);
  // Stored validated: the content script trusts storage and stays free of zod.
  const records = ((await res.json()) as AdapterRecord[]).filter((r) => AdapterDefinition.safeParse(r.definition).success);
  await declarativeAdaptersItem.setValue(records);
  return records;
}

/**
 * One rebuild at a time: a permission grant fires both permissions.onAdded and the options
 * page's request, and two interleaved rebuilds would register the same id twice.
 */
let queue: Promise<unknown> = Promise.resolve();
export function syncRegistrations(): Promise<AdapterSyncResult> {
  const next = queue.then(rebuild, rebuild);
  queue = next.catch(() => {});
  return next;
}

async function rebuild(): Promise<AdapterSyncResult> {
  const records = await declarativeAdaptersItem.getValue();
  const result: AdapterSyncResult = { registered: [], needsPermission: [] };
  const scripts: Parameters<typeof browser.scripting.registerContentScripts>[0] = [];
  for (const { id, definition: def } of records) {
    // Registering on an origin without its host permission fails the whole call: ask first, register after.
    if (!(await browser.permissions.contains({ origins: def.matches }))) {
      result.needsPermission.push(def.name);
      continue;
    }
    scripts.push({ id: `${ID_PREFIX}${id}`, matches: def.matches, js: [PANEL_SCRIPT], runAt: 'document_idle', persistAcrossSessions: true });
    result.registered.push(def.name);
  }
  const existing = (await browser.scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(ID_PREFIX)).map((s) => s.id);
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: existing });
  if (scripts.length) await browser.scripting.registerContentScripts(scripts);
  return result;
}

/** Fetch then register; a fetch failure still registers what storage already holds. */
export async function refreshAdapters(): Promise<AdapterSyncResult> {
  let error: string | undefined;
  try {
    await fetchAdapters();
  } catch (e) {
    error = (e as Error).message;
  }
  const result = await syncRegistrations();
  return error ? { ...result, error } : result;
}
