import { useEffect, useRef, useState } from 'preact/hooks';
import { formatMoney } from '@shared/describe-event';
import { can } from '@shared/permissions';
import type { OffersVersion } from '@shared/schemas/offer-settings';
import type { Me } from '@shared/schemas/qa-replies';
import type { UserList } from '@shared/schemas/users';
import { get } from './api';
import { formatDateTime } from './format';
import { OfferEditor } from './OfferEditor';
import { grantWords, leverWords, priorWords, whoWords } from './offer-words';
import { useLoad } from './useLoad';

interface Loaded {
  current: OffersVersion;
  versions: OffersVersion[];
  currency: string;
  /** User id → name, for admins (who may list people); others see "you" or "an admin". */
  names: Map<string, string>;
}

/** Everything the page shows, in one go; the policy only for its currency (USD, as the policy defaults, when none). */
async function load(me: Me): Promise<Loaded> {
  const [current, versions, currency, users] = await Promise.all([
    get<OffersVersion>('/v1/settings/offers'),
    get<OffersVersion[]>('/v1/settings/offers/versions'),
    get<{ document: { currency: string } }>('/v1/policy').then(
      (p) => p.document.currency,
      () => 'USD',
    ),
    can(me.role, 'users:manage')
      ? get<UserList>('/v1/users').then(
          (l) => l.users,
          () => [],
        )
      : Promise.resolve([]),
  ]);
  return { current, versions, currency, names: new Map(users.map((u) => [u.id, u.name])) };
}

/**
 * Next best action's offers, as agents are offered them: the version in force in words, its
 * history, and for admins a JSON editor that saves a new version (versioned and audited like
 * policies; the server checks each offer against the policy in force too).
 */
export function Offers({ me }: { me: Me }) {
  const { data, error, reload } = useLoad(() => load(me));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // Back from the editor: focus where the admin started, so the keyboard is not lost at the top.
  useEffect(() => {
    if (!editing && saved !== null) editButton.current?.focus();
  }, [editing, saved]);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!data) return <p class="muted">Loading offers…</p>;
  const { current, versions, currency, names } = data;
  // Only admins save offers: without the list of people (auditors, supervisors), "an admin" rather than an id.
  const who = (id: string | null) => (!id ? 'nobody' : id === me.userId ? `${me.name} (you)` : (names.get(id) ?? 'an admin'));

  return (
    <section class="card offer-settings" aria-labelledby="offer-settings-title" data-testid="offer-settings">
      <header class="row">
        <h2 id="offer-settings-title">Offers for next best action</h2>
        {can(me.role, 'offers:write') && !editing && (
          <button type="button" ref={editButton} onClick={() => (setEditing(true), setSaved(null))}>
            Edit
          </button>
        )}
      </header>
      <p class="notice" role="status" aria-live="polite" data-field="offers-saved">
        {saved ?? ''}
      </p>
      {current.version === 0 ? (
        <p class="muted" data-field="offers-empty">
          No offers yet, so agents are offered nothing.{' '}
          {can(me.role, 'offers:write') ? 'Press Edit to add the first version.' : 'An admin sets them here.'}
        </p>
      ) : (
        <p data-field="offers-version">
          Version {current.version} in force, saved by {who(current.createdBy)} on {formatDateTime(current.createdAt ?? '')}
          {current.note ? <>: “{current.note}”</> : '.'}
        </p>
      )}
      {editing && (
        <OfferEditor
          current={current}
          onCancel={() => (setEditing(false), setSaved(''))}
          onSaved={(v) => (setEditing(false), setSaved(`Saved as version ${v.version}.`), reload())}
        />
      )}
      {current.offers.length > 0 && (
        <table data-testid="offer-list">
          <caption>Offers in version {current.version}</caption>
          <thead>
            <tr>
              <th scope="col">Offer</th>
              <th scope="col">Grants</th>
              <th scope="col">Who is eligible</th>
              <th scope="col">Business value</th>
              <th scope="col">Lever</th>
              <th scope="col">Expected acceptance</th>
            </tr>
          </thead>
          <tbody>
            {current.offers.map((o) => (
              <tr key={o.id} data-offer={o.id}>
                <th scope="row">
                  {o.name} <code class="muted small">{o.id}</code>
                </th>
                <td>{grantWords(o, currency)}</td>
                <td>{whoWords(o.eligibility)}</td>
                <td class="num">{formatMoney(o.businessValueCents, currency)}</td>
                <td class="num">{leverWords(o.leverWeight)}</td>
                <td class="num">{priorWords(o.prior)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 id="offer-versions-title">Versions</h3>
      {versions.length === 0 ? (
        <p class="muted">No versions saved yet.</p>
      ) : (
        <table aria-labelledby="offer-versions-title" data-testid="offer-versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Offers</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td class="num">{v.version}</td>
                <td>{formatDateTime(v.createdAt ?? '')}</td>
                <td>{who(v.createdBy)}</td>
                <td class="num">{v.offers.length}</td>
                <td>{v.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
