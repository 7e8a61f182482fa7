/** The popup's diagnostics: which helpdesk this tab is, what the adapter read, and the connection, or why nothing runs. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ReadingProof, RefusalKind } from '../lib/diagnostics';
import type { ConnectionStatus } from '../lib/messages';
import { declarativeAdaptersItem } from '../lib/storage';
import { diagnoseTab, type Finding } from './diagnose';
import { instanceOf } from '@shared/helpdesk-instance';

/** The reading rules (extension/adapters/watch-requester.ts), in words for support. */
export const RULE_TEXT: Record<ReadingProof, string> = {
  api: "the helpdesk's own API for this ticket",
  url: "this ticket's address",
  pane: "this ticket's own pane on the page",
  changed: "changed from the previous ticket's requester (the page does not name the ticket)",
};
/** Why a reading was refused, as a short label before the details. */
export const REFUSAL_TEXT: Record<RefusalKind, string> = {
  'no-match': 'no match on the page',
  'in-frame': 'inside a frame the adapter does not enter',
  'in-shadow-root': 'inside a shadow root the adapter does not enter',
  'api-refused': "the helpdesk's API refused",
  'api-rate-limited': "the helpdesk's API is rate-limited (429)",
  'api-timeout': "the helpdesk's API did not answer in time",
  'previous-requester': "still showing the previous ticket's requester",
  'other-ticket': 'the address does not show this ticket yet',
  ambiguous: 'several requesters on the page',
  'adapter-error': 'the adapter failed',
};

const KIND = {
  'built-in': 'built-in adapter',
  'self-hosted': 'built-in adapter (self-hosted, detected)',
  declarative: 'declarative adapter (from your admin)',
};
const statusText = (s: ConnectionStatus) => (s.state === 'offline' ? `offline: ${s.reason}` : s.state);

export function Diagnose({ tabId }: { tabId: number | null }) {
  const [finding, setFinding] = useState<Finding | null>(null);
  useEffect(() => {
    void (async () => {
      const tab =
        tabId !== null
          ? await browser.tabs.get(tabId).catch(() => undefined)
          : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      const records = await declarativeAdaptersItem.getValue();
      setFinding(await diagnoseTab(tab, records));
    })();
  }, [tabId]);

  return (
    <section class="diagnostics" data-testid="diagnostics" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">On this tab</h2>
      {!finding ? (
        <p class="muted">Asking the page…</p>
      ) : finding.kind === 'not-running' ? (
        <dl>
          <dt>Page</dt>
          <dd class="url">{finding.url ?? '—'}</dd>
          <dt>Helpdesk</dt>
          <dd data-field="adapter">{finding.adapterName ?? 'none recognised'}</dd>
          <dt>Why no panel</dt>
          <dd data-field="reason" class="warn">
            {finding.reason}
          </dd>
        </dl>
      ) : (
        <Running d={finding.diagnostics} />
      )}
    </section>
  );
}

export function Running({ d }: { d: Extract<Finding, { kind: 'running' }>['diagnostics'] }) {
  const r = d.requester;
  return (
    <dl>
      <dt>Page</dt>
      <dd class="url">{d.url}</dd>
      <dt>Helpdesk</dt>
      <dd data-field="adapter">
        {d.adapter.name}{' '}
        <span class="muted">
          ({KIND[d.adapter.kind]}, {d.adapter.id})
        </span>
      </dd>
      {/* Requester ids and ticket numbers are this instance's: the server scopes them by it. */}
      <dt>Instance</dt>
      <dd data-field="instance">{instanceOf(new URL(d.url))}</dd>
      {d.adapter.why && (
        <>
          <dt>Why this adapter</dt>
          <dd data-field="adapter-why">{d.adapter.why}</dd>
        </>
      )}
      <dt>Ticket</dt>
      <dd data-field="ticket">{d.ticketId ?? <span class="warn">this URL is not a ticket page</span>}</dd>
      {d.ticketId && (
        <>
          <dt>Read</dt>
          <dd data-field="requester">
            {r ? (
              <ul>
                <li>email: {r.email ?? <span class="warn">not read</span>}</li>
                <li>name: {r.name ?? '—'}</li>
                <li>phone: {r.phone ?? '—'}</li>
                <li>requester id: {r.helpdeskId ?? '—'}</li>
              </ul>
            ) : (
              <span class="muted">{d.failure ?? 'still reading…'}</span>
            )}
          </dd>
          <dt>Source</dt>
          <dd data-field="source">{d.source ?? '—'}</dd>
          <dt>Reading rule</dt>
          <dd data-field="rule" data-rule={d.rule ?? ''}>
            {d.rule ? RULE_TEXT[d.rule] : <span class="muted">none yet: nothing provably this ticket's</span>}
          </dd>
          {d.refusal && (
            <>
              <dt>{d.rule ? 'Last refused' : 'Refused'}</dt>
              <dd data-field="refusal" data-refusal={d.refusal.kind} class="warn">
                {REFUSAL_TEXT[d.refusal.kind]}: {d.refusal.detail}
              </dd>
            </>
          )}
          {d.missing.length > 0 && (
            <>
              <dt>Missing</dt>
              <dd data-field="missing" class="warn">
                {d.missing.join(', ')}
              </dd>
            </>
          )}
          <dt>Customer</dt>
          <dd data-field="customer">
            {d.customerName ??
              (d.phase === 'unknown' ? (
                <span class="warn">no customer matches {d.tried.join(', ') || 'what the page shows'}</span>
              ) : d.failure ? (
                <span class="warn">{d.failure}</span>
              ) : (
                d.phase
              ))}
          </dd>
        </>
      )}
      <dt>Connection</dt>
      <dd data-field="status" class={d.status.state === 'online' ? 'ok' : 'warn'}>
        {statusText(d.status)}
      </dd>
    </dl>
  );
}
