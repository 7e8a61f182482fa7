/**
 * The tenant's helpdesk hosts, and per host the one thing the user must do: allow Leeway there.
 * Leeway runs on a host only when the tenant pins it (an admin lists it, below or through the
 * API) and the user allowed it here. The permission request must run in the click's own task (a
 * user gesture), so the button calls browser.permissions.request before anything else.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { instanceProblem } from '@shared/helpdesk-instance';
import type { AdapterRecord } from '@shared/schemas/adapters';
import { hostPattern, type HostSyncResult } from '../../background/pinned-hosts';
import type { BackgroundRequest } from '../../background/requests';
import { declarativeAdaptersItem, helpdeskHostsItem } from '../../lib/storage';
import { useInFlight } from '../../lib/in-flight';

const ask = <T,>(msg: BackgroundRequest) => browser.runtime.sendMessage(msg) as Promise<T>;
const failed = (e: Error): HostSyncResult => ({ registered: [], needsPermission: [], error: e.message });

export function Helpdesks({ admin }: { admin: boolean }) {
  const [hosts, setHosts] = useState<string[]>([]);
  const [allowed, setAllowed] = useState<Record<string, boolean>>({});
  const [adapters, setAdapters] = useState<AdapterRecord[]>([]);
  const [note, setNote] = useState<string | null>(null);

  const check = async (list: string[]) => {
    const entries = await Promise.all(
      list.map(async (h) => [h, await browser.permissions.contains({ origins: [hostPattern(h)] })] as const),
    );
    setAllowed(Object.fromEntries(entries));
  };
  useEffect(() => {
    void helpdeskHostsItem.getValue().then((l) => (setHosts(l), check(l)));
    void declarativeAdaptersItem.getValue().then(setAdapters);
    // Ask the background for the server's current lists; the storage watches show them.
    void ask<HostSyncResult>({ type: 'adapters-refresh' })
      .then((r) => r?.error && setNote(`Could not refresh from the server: ${r.error}`))
      .catch(() => {});
    const unwatch = [helpdeskHostsItem.watch((l) => (setHosts(l), void check(l))), declarativeAdaptersItem.watch(setAdapters)];
    return () => unwatch.forEach((u) => u());
  }, []);

  async function allow(host: string) {
    setNote(null);
    const granted = await browser.permissions.request({ origins: [hostPattern(host)] });
    if (!granted) return setNote(`Leeway was not allowed on ${host}.`);
    const result = await ask<HostSyncResult>({ type: 'adapters-sync' }).catch(failed);
    await check(hosts);
    setNote(
      result.registered.includes(host)
        ? `Leeway now runs on ${host}: reload its tabs.`
        : `Allowed, but not registered: ${result.error ?? 'unknown reason'}`,
    );
  }

  return (
    <section class="helpdesks" data-testid="helpdesks">
      <h2>Helpdesk hosts</h2>
      {hosts.length ? (
        <p class="hint">Your organisation's helpdesk addresses. Leeway runs only on these, once you allow each one you work in.</p>
      ) : (
        <p class="hint" data-testid="no-hosts">
          Your organisation has listed no helpdesk addresses yet, so Leeway runs nowhere.{' '}
          {admin ? 'Add them below.' : 'Ask an admin to add them in Leeway\u2019s options.'}
        </p>
      )}
      <ul>
        {hosts.map((host) => (
          <li key={host} data-host={host}>
            <code>{host}</code>
            {allowed[host] ? (
              <span class="ok" data-testid="allowed">
                Allowed
              </span>
            ) : (
              <button type="button" onClick={() => void allow(host)}>
                {/* The host is beside it already: said to a screen reader, not shown twice. */}
                Allow<span class="sr-only"> on {host}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {note && (
        <p class="note" role="status">
          {note}
        </p>
      )}
      {admin && <HostsEditor hosts={hosts} />}
      {adapters.length > 0 && (
        <>
          <h3>Adapters from your admin</h3>
          <ul class="adapters">
            {adapters.map((a) => (
              <li key={a.id} data-adapter={a.definition.name}>
                <strong>{a.definition.name}</strong> <code>{a.definition.matches.join(', ')}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Admins: the tenant's list, one exact host per line (PUT /v1/helpdesk-hosts; the server says what is wrong). */
function HostsEditor({ hosts }: { hosts: string[] }) {
  const [text, setText] = useState(hosts.join('\n'));
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const { run, pending } = useInFlight();
  useEffect(() => setText(hosts.join('\n')), [hosts.join('\n')]);

  function save(e: Event) {
    e.preventDefault();
    void run(saveHosts);
  }

  async function saveHosts() {
    setResult(null);
    const list = text
      .split(/[\s,]+/)
      .map((h) => h.trim())
      .filter(Boolean);
    // The server's own rule, here first: the admin reads what to write instead without a round trip.
    const problems = list.flatMap((h) => {
      const problem = instanceProblem(h);
      return problem ? [`${h} ${problem}`] : [];
    });
    if (problems.length) {
      return setResult({ ok: false, message: problems.join('. ') });
    }
    const answer = await ask<{ hosts: string[] } | { error: string }>({ type: 'hosts-save', hosts: list }).catch((err: Error) => ({
      error: err.message,
    }));
    setResult(
      'error' in answer
        ? { ok: false, message: answer.error }
        : { ok: true, message: `Saved: ${answer.hosts.length} host${answer.hosts.length === 1 ? '' : 's'}.` },
    );
  }

  return (
    <form class="hosts-editor" data-testid="hosts-editor" onSubmit={save}>
      <label>
        Helpdesk hosts of your organisation (admins), one per line, e.g. acme.zendesk.com
        <textarea name="hosts" rows={Math.max(3, hosts.length + 1)} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit" {...pending}>
        Save hosts
      </button>
      {result && (
        <p class={result.ok ? 'note' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="hosts-result">
          {result.message}
        </p>
      )}
    </form>
  );
}
