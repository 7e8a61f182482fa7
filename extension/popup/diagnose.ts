/**
 * "Which helpdesk is this and what did the adapter read", for the popup. The tab's content
 * script answers for itself when it runs; when it does not (or found no adapter), the popup
 * works out why from the URL, the built-in adapters and the declarative definitions.
 */
import { browser } from 'wxt/browser';
import type { AdapterRecord } from '@shared/schemas/adapters';
import { chooseAdapter } from '../lib/declarative';
import type { Diagnostics, TabDiagnostics } from '../lib/diagnostics';
import type { PageToBackground, ToContentScript } from '../lib/messages';

export type Finding =
  | { kind: 'running'; diagnostics: TabDiagnostics }
  | { kind: 'not-running'; url: string | null; reason: string; adapterName?: string };

export async function diagnoseTab(tab: { id?: number; url?: string } | undefined, records: AdapterRecord[]): Promise<Finding> {
  const url = tab?.url ?? null;
  if (tab?.id !== undefined) {
    const answer = (await browser.tabs
      .sendMessage(tab.id, { type: 'diagnostics' } satisfies ToContentScript)
      .catch(() => null)) as Diagnostics | null;
    if (answer) return { kind: 'running', diagnostics: { ...answer, customerName: await customerOn(tab.id, answer) } };
  }
  return { kind: 'not-running', url, ...(await whyNot(url, records)) };
}

/**
 * The customer's name from the background, never from the content script (it lives in the helpdesk
 * page's process, so the page's own data is all it holds): only for the ticket the reader follows now.
 */
async function customerOn(tabId: number, d: Diagnostics): Promise<string | null> {
  if (d.phase !== 'known' || !d.ticketKey) return null;
  const shown = (await browser.runtime.sendMessage({ type: 'tab-customer', tabId } satisfies PageToBackground).catch(() => null)) as {
    key: string;
    name: string;
  } | null;
  return shown?.key === d.ticketKey ? shown.name : null;
}

/** Why no panel runs on `href`, in words support can act on. */
export async function whyNot(href: string | null, records: AdapterRecord[]): Promise<{ reason: string; adapterName?: string }> {
  // Leeway sees a tab's address only on hosts the user allowed: no address is usually just another site.
  if (!href)
    return {
      reason:
        'Leeway does not run here: this is not a helpdesk host you allowed (or it is a browser page). Allow your helpdesk in Options → Helpdesk hosts.',
    };
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { reason: `Not a web page: ${href}` };
  }
  if (!/^https?:$/.test(url.protocol)) return { reason: `Leeway runs on web pages only, not ${url.protocol} pages.` };
  // The same choice the content script makes: a tenant's adapter for the host before a built-in one.
  const choice = chooseAdapter(url, null, records);
  if (choice?.kind === 'declarative') {
    const def = records.map((r) => r.definition).find((d) => d.name === choice.adapter.name)!;
    const allowed = await browser.permissions.contains({ origins: def.matches }).catch(() => false);
    if (!allowed)
      return {
        adapterName: def.name,
        reason: `The adapter "${def.name}" matches, but Leeway is not allowed on ${url.origin} yet: Options → Helpdesks → Allow.`,
      };
    return choice.adapter.ticketIdFromUrl(url)
      ? {
          adapterName: def.name,
          reason: `The adapter "${def.name}" matches and is allowed (${choice.why}), but its content script did not answer: reload the tab.`,
        }
      : {
          adapterName: def.name,
          reason: `The adapter "${def.name}" matches this site, but this URL is not a ticket page (its ticketUrl ${def.ticketUrl} does not match).`,
        };
  }
  if (choice) {
    const builtIn = choice.adapter;
    return builtIn.ticketIdFromUrl(url)
      ? {
          adapterName: builtIn.name,
          reason: `${builtIn.name} matches, but its content script did not answer: reload the tab (the extension may have been updated since it loaded).`,
        }
      : { adapterName: builtIn.name, reason: `${builtIn.name} matches this site, but this URL is not a ticket page.` };
  }
  return {
    reason: `No adapter matches ${url.origin}${url.pathname}: no built-in helpdesk, and none of the ${records.length} declarative adapter${records.length === 1 ? '' : 's'} your admin defined.`,
  };
}
