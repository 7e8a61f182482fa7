/**
 * The one-off requests extension pages send the background (runtime.sendMessage), and who may
 * send each. The browser's word on the sender decides, never the message: a content script in a
 * helpdesk page (which that page may have subverted) gets no token, cannot sign in or out and
 * cannot change which hosts Leeway runs on; of the extension's pages, each request is answered
 * only for the pages that need it (the panel frame lives inside a helpdesk page and talks over
 * its own port, so it is on no list here).
 */
import type { Browser } from 'wxt/browser';
import type { PageToBackground } from '../lib/messages';
import type { HostSyncResult } from './pinned-hosts';
import { isExtensionPage } from './sender';

type Sender = Browser.runtime.MessageSender;

export type BackgroundRequest =
  | PageToBackground
  /** Signs in with these credentials; answered with `{ ok: true }` or `{ ok: false, error }` (the server's sentence). */
  | { type: 'sign-in'; serverUrl: string; email: string; password: string }
  /** Fetches the tenant's pinned hosts and re-registers; answered with a HostSyncResult. */
  | { type: 'hosts-refresh' }
  /** An admin's new list (PUT /v1/helpdesk-hosts); answered with `{ hosts }` or `{ error }`. */
  | { type: 'hosts-save'; hosts: string[] };

type Handled = Extract<
  BackgroundRequest,
  {
    type: 'access-token' | 'sign-in' | 'sign-out' | 'adapters-refresh' | 'adapters-sync' | 'hosts-refresh' | 'hosts-save' | 'tab-customer';
  }
>;

/** Which of the extension's pages may send each request (pathnames without the leading slash). */
export const ALLOWED_PAGES: Record<Handled['type'], readonly string[]> = {
  'access-token': ['options.html', 'console.html', 'sidepanel.html'],
  'sign-in': ['options.html'],
  'sign-out': ['options.html', 'console.html', 'sidepanel.html'],
  'adapters-refresh': ['options.html'],
  'adapters-sync': ['options.html'],
  'hosts-refresh': ['options.html'],
  'hosts-save': ['options.html'],
  'tab-customer': ['popup.html'],
};

/** Whether `sender` may send a request of this type: one of the listed extension pages, by the browser's word. */
export function mayAsk(type: Handled['type'], sender: Sender | undefined): boolean {
  return ALLOWED_PAGES[type].some((page) => isExtensionPage(sender, page));
}

export interface RequestDeps {
  accessToken(opts: { force?: boolean }): Promise<string | null>;
  signIn(serverUrl: string, body: { email: string; password: string }): Promise<void>;
  signOut(): Promise<void>;
  refreshAdapters(): Promise<{ error?: string }>;
  refreshHosts(): Promise<HostSyncResult>;
  syncRegistrations(): Promise<HostSyncResult>;
  saveHosts(hosts: string[]): Promise<{ hosts: string[] } | { error: string }>;
  customerShown(tabId: number): { key: string; name: string } | null;
}

const isHandled = (msg: unknown): msg is Handled =>
  typeof msg === 'object' && msg !== null && Object.hasOwn(ALLOWED_PAGES, (msg as { type?: unknown }).type as string);

/** Whether the sender may not send this request (then logged: a refusal is worth a look in the service worker's console). */
function refused(msg: Handled, sender: Sender | undefined): boolean {
  if (mayAsk(msg.type, sender)) return false;
  console.warn(`Leeway: refused "${msg.type}" from ${sender?.url ?? 'an unknown sender'}`);
  return true;
}

/**
 * The answer to a request, or null when it is not one of these or the sender may not ask
 * (then nobody here answers it: the sender's promise rejects, and it learns nothing).
 */
export function answer(msg: unknown, sender: Sender | undefined, deps: RequestDeps): Promise<unknown> | null {
  if (!isHandled(msg) || refused(msg, sender)) return null;
  switch (msg.type) {
    case 'access-token':
      return deps.accessToken({ force: msg.force === true }).catch(() => null);
    case 'sign-in':
      return deps.signIn(String(msg.serverUrl), { email: String(msg.email), password: String(msg.password) }).then(
        () => ({ ok: true }),
        (e: Error) => ({ ok: false, error: e.message }),
      );
    case 'sign-out':
      return deps.signOut().then(
        () => true,
        () => false,
      );
    case 'adapters-refresh':
      return Promise.all([deps.refreshAdapters(), deps.refreshHosts()]).then(([adapters, hosts]) => ({
        ...hosts,
        error: hosts.error ?? adapters.error,
      }));
    case 'adapters-sync':
      return deps.syncRegistrations();
    case 'hosts-refresh':
      return deps.refreshHosts();
    case 'hosts-save':
      return Array.isArray(msg.hosts) ? deps.saveHosts(msg.hosts.map(String)) : Promise.resolve({ error: 'hosts must be a list' });
    case 'tab-customer':
      return Promise.resolve(Number.isInteger(msg.tabId) ? deps.customerShown(msg.tabId) : null);
  }
}

/** The runtime.onMessage listener around `answer`: sendResponse, so it works on every browser this builds for. */
export function requestListener(deps: RequestDeps, ready: Promise<unknown> = Promise.resolve()) {
  return (msg: unknown, sender: Sender, sendResponse: (answer: unknown) => void): true | undefined => {
    if (!isHandled(msg) || refused(msg, sender)) return undefined;
    void ready.then(() => answer(msg, sender, deps)).then(sendResponse, () => sendResponse(null));
    return true; // answered asynchronously
  };
}
