/**
 * The options page once signed in: who, on which server, whether the connection is live, and the
 * one next step for the user's role, with the button that takes it.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { connectionItem } from '../../background/launcher';
import type { ConnectionStatus } from '../../lib/connection-status';
import type { Account } from '../../lib/storage';
import { connectionWords } from '../../popup/connection-words';
import { openConsole, openSidePanel } from '../../popup/open-surfaces';
import { nextStep, type StepAction } from './next-step';

/** Where the demo server serves its helpdesk (a ticket of a demo customer); offered only when it answers. */
export const DEMO_DESK_PATH = '/demo/desk/tickets/101';

export function SignedIn({ session, serverUrl, onSignOut }: { session: Account; serverUrl: string; onSignOut(): Promise<string | null> }) {
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  const [demoDesk, setDemoDesk] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const user = session.user;
  const step = nextStep(user.role);

  useEffect(() => {
    void connectionItem.getValue().then(setStatus);
    // Known before any click: the side panel must open within the click's gesture.
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
    return connectionItem.watch((s) => setStatus(s));
  }, []);
  useEffect(() => {
    if (!serverUrl || !step.actions.some((a) => a.kind === 'demo-desk')) return;
    // Only a demo server has the desk: no button that leads to a "not found".
    fetch(`${serverUrl}${DEMO_DESK_PATH}`, { method: 'HEAD' }).then(
      (res) => setDemoDesk(res.ok),
      () => setDemoDesk(false),
    );
  }, [serverUrl, step]);

  const run = (what: string, open: () => Promise<unknown>) => () => {
    setError(null);
    open().catch((e: Error) => setError(`Could not open ${what}: ${e.message}`));
  };
  const open: Record<StepAction, () => Promise<unknown>> = {
    'side-panel': () => openSidePanel(windowId),
    console: openConsole,
    'demo-desk': () => browser.tabs.create({ url: `${serverUrl}${DEMO_DESK_PATH}` }),
  };
  const shown = step.actions.filter((a) => a.kind !== 'demo-desk' || demoDesk);

  return (
    <section class="signed-in" data-testid="signed-in">
      <p>
        Signed in as <strong>{user.name}</strong> ({user.role}) at {user.tenantName}, on {serverUrl}.
      </p>
      <p>
        Connection:{' '}
        <strong data-field="connection" data-state={status?.state ?? ''} class={status?.state === 'online' ? 'ok' : 'warn'}>
          {status ? connectionWords(status) : '…'}
        </strong>
      </p>
      <div class="next-step" data-testid="next-step" data-role={user.role}>
        <h2>Next step</h2>
        <p>{step.text}</p>
        {shown.length > 0 && (
          <p class="actions">
            {shown.map((a) => (
              <button type="button" key={a.kind} data-action={a.kind} onClick={run(a.label.replace(/^Open /, ''), open[a.kind])}>
                {a.label}
              </button>
            ))}
          </p>
        )}
      </div>
      <button type="button" class="secondary" onClick={() => void onSignOut().then(setError)}>
        Sign out
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
