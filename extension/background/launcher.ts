/**
 * What the launcher pages (popup, options) need from the background: the first run opens the
 * options page with the server this build was made for, and the connection's state is mirrored
 * where those pages can read and watch it (session storage: trusted extension pages only).
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { ConnectionStatus } from '../lib/connection-status';
import { serverUrlItem } from '../lib/storage';
import { BUILT_IN_SERVER_URL } from '../popup/built-in-server';

/** The socket's state as the background last set it; gone with the browser session, like the sign-in. */
export const connectionItem = storage.defineItem<ConnectionStatus>('session:connection', {
  fallback: { state: 'connecting' },
});

/** On a fresh install only (not an update or a browser update): the options page, prefilled. */
export function openOptionsOnInstall(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    void (async () => {
      // Written before the page opens, so its form and the background's first connect agree.
      if (!(await storage.getItem<string>('local:serverUrl'))) await serverUrlItem.setValue(BUILT_IN_SERVER_URL);
      await browser.runtime.openOptionsPage();
    })().catch((e: unknown) => console.error('Leeway: opening the options page on install failed', e));
  });
}
