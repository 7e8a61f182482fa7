/**
 * A requester no customer matches is a start, not a dead end (issue 19): the agent finds the
 * customer (name, email or phone; masked contact shown) and links the page's requester to them, or
 * logs the contact's resolution without a customer. Search results and the link's answer are this
 * component's own state: they are answered to its promise (client.ts), not kept in the view.
 */
import { useState } from 'preact/hooks';
import { useInFlight } from '../lib/in-flight';
import type { CustomerSearchHit } from '@shared/schemas/customer-link';
import type { PanelActions } from './client';
import { ResolveForm } from './ResolveForm';
import type { TicketView } from './state';
import './unknown-requester.css';

const MIN_QUERY = 2;

type Found =
  | { state: 'idle' }
  | { state: 'searching' }
  | { state: 'found'; query: string; hits: CustomerSearchHit[] }
  | { state: 'error'; message: string };
type Linking =
  | { state: 'idle' }
  | { state: 'confirm' | 'linking'; hit: CustomerSearchHit }
  | { state: 'linked'; name: string }
  | { state: 'error'; message: string };

export function UnknownRequester({ view, actions }: { view: TicketView; actions: PanelActions }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found>({ state: 'idle' });
  const [linking, setLinking] = useState<Linking>({ state: 'idle' });
  const tried = view.tried.length ? view.tried.join(' or ') : 'what this page shows';
  const searching = useInFlight();
  const linkingNow = useInFlight();

  function search(e: Event) {
    e.preventDefault();
    const q = query.trim();
    if (q.length < MIN_QUERY)
      return setFound({ state: 'error', message: `Type at least ${MIN_QUERY} characters of a name, an email or a phone number.` });
    void searching.run(async () => {
      setFound({ state: 'searching' });
      setLinking({ state: 'idle' });
      const res = await actions.searchCustomers(q);
      setFound('data' in res ? { state: 'found', query: q, hits: res.data } : { state: 'error', message: res.error });
    });
  }

  const link = (hit: CustomerSearchHit) =>
    linkingNow.run(async () => {
      setLinking({ state: 'linking', hit });
      const res = await actions.linkCustomer(hit.id);
      // Linked: the ticket is opened afresh and the panel then shows the customer.
      setLinking('data' in res ? { state: 'linked', name: res.data.name } : { state: 'error', message: res.error });
    });

  return (
    <div class="unknown" data-field="unknown">
      <Why view={view} tried={tried} />
      <form class="find" aria-label="Find the customer" onSubmit={search} data-field="customer-search">
        <label for="customer-search">Find the customer to link this {view.ticket.call ? 'caller' : 'requester'} to</label>
        <div class="row">
          <input
            id="customer-search"
            type="search"
            name="customer-search"
            placeholder="Name, email or phone"
            autoComplete="off"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <button type="submit" {...searching.pending}>
            Search
          </button>
        </div>
      </form>
      <Results found={found} linking={linking} onPick={(hit) => setLinking({ state: 'confirm', hit })} />
      <LinkStep
        linking={linking}
        identities={view.tried.length ? view.tried.join(' and ') : "this page's requester"}
        onLink={link}
        onCancel={() => setLinking({ state: 'idle' })}
      />
      {view.resolving ? (
        <ResolveForm
          draft={view.resolving.draft}
          error={view.resolving.error}
          currency="USD"
          actions={actions}
          answeredAt={view.ticket.call?.answeredAt}
        />
      ) : (
        <div class="resolve-bar">
          {view.logged ? (
            <p class="note ok" data-field="logged">
              Resolution logged, without a customer
            </p>
          ) : (
            <button type="button" class="resolve-open" onClick={() => actions.openResolve()}>
              Resolve without a customer…
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Why nobody is shown, in the words of the page's kind: a requester no customer matches, a caller
 * whose number is withheld or nobody's, or identities two customers claim (never a guess between them).
 */
function Why({ view, tried }: { view: TicketView; tried: string }) {
  const call = view.ticket.call;
  const who = call ? (call.channel === 'chat' ? 'chat' : 'caller') : 'requester';
  if (view.conflict)
    return (
      <p data-field="conflict">
        <strong>Not sure who this {who} is.</strong> {view.conflict}
      </p>
    );
  // A caller with no number to look up: why (withheld, unreadable), then the search.
  if (call && !view.tried.length)
    return (
      <p>
        <strong>Unknown {who}.</strong> {view.missing.join('. ')}: find them by name, email or phone.
      </p>
    );
  return (
    <>
      <p>
        <strong>Unknown {who}.</strong> No customer matches {tried}.
      </p>
      {view.missing.length > 0 && <p class="muted">Could not read from the page: {view.missing.join(', ')}.</p>}
    </>
  );
}

function Results({ found, linking, onPick }: { found: Found; linking: Linking; onPick: (hit: CustomerSearchHit) => void }) {
  if (found.state === 'idle') return null;
  if (found.state === 'searching')
    return (
      <p class="muted small" role="status">
        Searching…
      </p>
    );
  if (found.state === 'error')
    return (
      <p class="note error" role="alert" data-field="search-error">
        {found.message}
      </p>
    );
  if (!found.hits.length)
    return (
      <p class="muted small" role="status" data-field="no-hits">
        No customer matches “{found.query}”.
      </p>
    );
  const busy = linking.state === 'linking' || linking.state === 'linked';
  return (
    <ul class="hits" aria-label="Customers found" data-field="customer-hits">
      {found.hits.map((h) => (
        <li key={h.id} data-customer={h.id}>
          <span class="who">
            <strong>{h.name}</strong>
            <span class="contact">
              <span class={`tier tier-${h.tier}`}>{h.tier}</span>
              {h.contact.email && <span class="pii">{h.contact.email}</span>}
              {h.contact.phone && <span class="pii">{h.contact.phone}</span>}
            </span>
          </span>
          <button
            type="button"
            class="pick"
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => !busy && onPick(h)}
            aria-label={`Link to ${h.name}…`}
          >
            Link…
          </button>
        </li>
      ))}
    </ul>
  );
}

function LinkStep({
  linking,
  identities,
  onLink,
  onCancel,
}: {
  linking: Linking;
  /** What the link adds, in words: the identities the page showed. */
  identities: string;
  onLink: (hit: CustomerSearchHit) => void;
  onCancel: () => void;
}) {
  if (linking.state === 'idle') return null;
  if (linking.state === 'linked')
    return (
      <p class="note ok" role="status" data-field="linked">
        Linked to {linking.name}: opening their context…
      </p>
    );
  if (linking.state === 'error')
    return (
      <p class="note error" role="alert" data-field="link-error">
        {linking.message}
      </p>
    );
  const { hit } = linking;
  return (
    <div class="confirm" data-field="link-confirm">
      <p>
        Add {identities} to <strong>{hit.name}</strong>? Every ticket from this requester will then show {hit.name}; the link is logged.
      </p>
      <div class="row">
        <button type="button" class="primary" aria-disabled={linking.state === 'linking' ? 'true' : undefined} onClick={() => onLink(hit)}>
          {linking.state === 'linking' ? 'Linking…' : `Link to ${hit.name}`}
        </button>
        <button type="button" class="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
