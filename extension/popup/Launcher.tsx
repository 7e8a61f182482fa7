/**
 * The popup's top: who is signed in, to which server, whether the connection is live, and the way
 * to Leeway's other surfaces (side panel, QA console, options).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { connectionItem } from '../background/launcher';
import type { ConnectionStatus } from '../lib/connection-status';
import { accountItem, serverUrlItem, type Account } from '../lib/storage';
import { serverUrlOrBuiltIn } from './built-in-server';
import { connectionWords } from './connection-words';
import { openConsole, openOptions, openSidePanel } from './open-surfaces';

/** `inTab`: the popup opened as a page of its own (support's `?tab=`): it stays open after a click. */
export function Launcher({ inTab }: { inTab: boolean }) {
  // undefined until read: no 'signed out' flashes before the account is known.
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [serverUrl, setServerUrl] = useState('');
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void accountItem.getValue().then(setAccount);
    void serverUrlOrBuiltIn().then(setServerUrl);
    void connectionItem.getValue().then(setStatus);
    // Known before any click: the side panel must open within the click's gesture.
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
    const unwatch = [
      accountItem.watch(setAccount),
      serverUrlItem.watch((url) => setServerUrl(url)),
      connectionItem.watch((s) => setStatus(s)),
    ];
    return () => unwatch.forEach((u) => u());
  }, []);

  /** Runs `open`, then closes the popup (its job is done), or says why it could not. */
  const go = (what: string, open: () => Promise<unknown>) => () => {
    setError(null);
    open().then(
      () => !inTab && window.close(),
      (e: Error) => setError(`Could not open ${what}: ${e.message}`),
    );
  };
  const live = account === undefined ? null : account ? status : { state: 'signed-out' as const };

  return (
    <section class="launcher" aria-labelledby="launcher-title">
      <h1 id="launcher-title">Leeway</h1>
      <dl>
        <dt>Signed in</dt>
        <dd data-field="signed-in-as">
          {account === undefined ? (
            '…'
          ) : account ? (
            `${account.user.name} (${account.user.role}) at ${account.user.tenantName}`
          ) : (
            <span class="warn">no: sign in from Options</span>
          )}
        </dd>
        <dt>Server</dt>
        <dd data-field="server" class="url">
          {serverUrl}
        </dd>
        <dt>Connection</dt>
        <dd data-field="connection" data-state={live?.state ?? ''} class={live?.state === 'online' ? 'ok' : 'warn'}>
          {live ? connectionWords(live) : '…'}
        </dd>
      </dl>
      <nav class="open" aria-label="Open Leeway">
        <button type="button" onClick={go('the side panel', () => openSidePanel(windowId))}>
          Open the side panel
        </button>
        <button type="button" onClick={go('the QA console', openConsole)}>
          QA console
        </button>
        <button type="button" onClick={go('the options page', openOptions)}>
          Options
        </button>
      </nav>
      {error && (
        <p class="warn" role="alert" data-field="open-error">
          {error}
        </p>
      )}
    </section>
  );
}
