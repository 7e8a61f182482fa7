import { formatMoney } from '@shared/describe-event';
import type { OfferReport as Data, OfferReportTally } from '@shared/schemas/qa-offer-replies';
import { get } from './api';
import { useLoad } from './useLoad';
import { plural } from './words';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** One row of numbers; the bar is decoration, the percentage beside it says the same in text. */
function Cells({ t, currency }: { t: OfferReportTally; currency: string }) {
  return (
    <>
      <td class="num">{t.shown}</td>
      <td class="num">{t.accepted}</td>
      <td class="num">{t.declined}</td>
      <td class="rate">
        <span class="bar" aria-hidden="true">
          <span style={{ width: `${Math.round((t.acceptanceRate ?? 0) * 100)}%` }} />
        </span>
        {percent(t.acceptanceRate)}
      </td>
      <td class="num">{formatMoney(t.valueDeliveredCents, currency)}</td>
      <td class="num">{t.overrides}</td>
    </>
  );
}

function Head({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">Shown</th>
        <th scope="col">Accepted</th>
        <th scope="col">Declined</th>
        <th scope="col">Acceptance</th>
        <th scope="col">Value delivered</th>
        <th scope="col">Overrides</th>
      </tr>
    </thead>
  );
}

/**
 * Suggested offers over the last 8 weeks: how customers answered each, what that was worth, how
 * often agents granted something else, per offer and per team, and the agents who always grant
 * the most generous offer shown. Tables rather than a canvas: the numbers are the point, and read aloud.
 */
export function OfferReport() {
  const { data, error } = useLoad(() => get<Data>('/v1/qa/offers'));
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p class="muted">Loading suggested offers…</p>;
  const { totals: t, currency, thresholds } = data;
  return (
    <section class="card offers" aria-labelledby="offers-title" data-testid="suggested-offers">
      <h2 id="offers-title">Suggested offers (last 8 weeks)</h2>
      <p data-field="offers-summary">
        Offers shown in {plural(t.shown, 'interaction')}; customers accepted {t.accepted} of {t.accepted + t.declined} answered (
        {percent(t.acceptanceRate)}), worth {formatMoney(t.valueDeliveredCents, currency)}; agents granted something else in{' '}
        {plural(t.overrides, 'interaction')}.
      </p>
      {data.offers.length === 0 ? (
        <p class="muted">No offers yet: an admin sets them under Settings, and what agents are shown appears here.</p>
      ) : (
        <table data-testid="offers-by-offer">
          <caption>Per offer (value from offers version {data.offersVersion})</caption>
          <Head first="Offer" />
          <tbody>
            {data.offers.map((o) => (
              <tr key={o.offerId} data-offer={o.offerId}>
                <th scope="row">{o.name}</th>
                <Cells t={o} currency={currency} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.teams.length > 0 && (
        <table data-testid="offers-by-team">
          <caption>Per team</caption>
          <Head first="Team" />
          <tbody>
            {data.teams.map((row) => (
              <tr key={row.team} data-team={row.team}>
                <th scope="row">{row.team}</th>
                <Cells t={row} currency={currency} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Always the most generous offer</h3>
      {data.generous.length === 0 ? (
        <p class="muted" data-field="generous-empty">
          No agent granted the highest amount shown in {percent(thresholds.minShare)} or more of at least{' '}
          {plural(thresholds.minInteractions, 'interaction')} where smaller offers were shown too.
        </p>
      ) : (
        <ul class="generous" data-testid="generous">
          {data.generous.map((g) => (
            <li key={g.agentId} data-agent={g.agentId}>
              <strong>{g.agentName}</strong> ({g.team}): {g.why}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
