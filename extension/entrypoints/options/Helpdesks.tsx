/**
 * The tenant's declarative helpdesk adapters, and per adapter the one thing the user must do:
 * allow Leeway on that helpdesk's origin. The permission request must run in the click's own
 * task (a user gesture), so the button calls browser.permissions.request before anything else.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AdapterRecord } from '../../../shared/schemas/adapters';
import type { AdapterSyncResult } from '../../background/declarative-adapters';
import type { PageToBackground } from '../../lib/messages';
import { declarativeAdaptersItem } from '../../lib/storage';

const origins = (a: AdapterRecord) => a.definition.matches;
const ask = (msg: PageToBackground) => browser.runtime.sendMessage(msg) as Promise<AdapterSyncResult>;

export function Helpdesks() {
  const [records, setRecords] = useState<AdapterRecord[]>([]);
  const [allowed, setAllowed] = useState<Record<string, boolean>>({});
  const [note, setNote] = useState<string | null>(null);

  const check = async (list: AdapterRecord[]) => {
    const entries = await Promise.all(list.map(async (a) => [a.id, await browser.permissions.contains({ origins: origins(a) })] as const));
    setAllowed(Object.fromEntries(entries));
  };
  useEffect(() => {
    void declarativeAdaptersItem.getValue().then((l) => (setRecords(l), check(l)));
    // Ask the background for the server's current list; the storage watch shows it.
    void ask({ type: 'adapters-refresh' }).then((r) => r?.error && setNote(`Could not refresh from the server: ${r.error}`)).catch(() => {});
    return declarativeAdaptersItem.watch((l) => (setRecords(l), void check(l)));
  }, []);

  async function allow(a: AdapterRecord) {
    setNote(null);
    const granted = await browser.permissions.request({ origins: origins(a) });
    if (!granted) return setNote(`Leeway was not allowed on ${origins(a).join(', ')}.`);
    const result = await ask({ type: 'adapters-sync' }).catch((e: Error): AdapterSyncResult => ({ registered: [], needsPermission: [], error: e.message }));
    await check(records);
    setNote(result.registered.includes(a.definition.name) ? `Leeway now runs on ${a.definition.name}: reload its tabs.` : `Allowed, but not registered: ${result.error ?? 'unknown reason'}`);
  }

  if (!records.length) return null;
  return (
    <section class="helpdesks" data-testid="helpdesks">
      <h2>Helpdesks</h2>
      <p class="hint">Helpdesks your admin configured for Leeway. Allow each one you work in.</p>
      <ul>
        {records.map((a) => (
          <li key={a.id} data-adapter={a.definition.name}>
            <div>
              <strong>{a.definition.name}</strong>
              <code>{origins(a).join(', ')}</code>
            </div>
            {allowed[a.id] ? (
              <span class="ok" data-testid="allowed">Allowed</span>
            ) : (
              <button type="button" onClick={() => void allow(a)}>
                Allow on {origins(a)[0]!.replace(/^[^:]+:\/\/([^/]+).*$/, '$1')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {note && <p class="note" role="status">{note}</p>}
    </section>
  );
}
