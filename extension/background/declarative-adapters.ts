/**
 * Declarative adapters in the background: fetches the tenant's definitions after sign-in and
 * keeps them in storage for the content script and the popup. Where the content script runs is
 * not theirs to say: it runs on the tenant's pinned hosts the user allowed (pinned-hosts.ts), and
 * there the content script picks the adapter whose patterns fit the page (lib/declarative.ts).
 */
import { AdapterDefinition, type AdapterRecord } from '@shared/schemas/adapters';
import { accountItem, declarativeAdaptersItem } from '../lib/storage';
import { apiServer, authorizedFetch } from './session';

/** GET /v1/adapters with a current access token; keeps the last list when the server cannot answer. */
export async function fetchAdapters(): Promise<AdapterRecord[]> {
  const [serverUrl, account] = await Promise.all([apiServer(), accountItem.getValue()]);
  if (!account) return declarativeAdaptersItem.getValue();
  const res = await authorizedFetch(new URL('/v1/adapters', serverUrl), { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the server answered ${res.status} to GET /v1/adapters`);
  // Stored validated: the content script trusts storage and stays free of zod.
  const records = ((await res.json()) as AdapterRecord[]).filter((r) => AdapterDefinition.safeParse(r.definition).success);
  await declarativeAdaptersItem.setValue(records);
  return records;
}

/** Fetches the definitions; answers why not when the server could not give them (the last list is kept). */
export async function refreshAdapters(): Promise<{ error?: string }> {
  try {
    await fetchAdapters();
    return {};
  } catch (e) {
    return { error: (e as Error).message };
  }
}
