import { formatMoney } from '@shared/describe-event';
import type { CustomerReceived } from '@shared/schemas/exceptions';
import { ago, receivedWords } from './words';

/** What the customer already received today and in 30 days, and the latest grants (one a minute ago on this ticket included). */
export function Received({ received: r, currency, now }: { received: CustomerReceived; currency: string; now: number }) {
  return (
    <div class="received" data-field="received">
      <dl>
        <div>
          <dt>Received today</dt>
          <dd data-field="received-today">{receivedWords(r.today, currency)}</dd>
        </div>
        <div>
          <dt>Last 30 days</dt>
          <dd data-field="received-30d">{receivedWords(r.last30Days, currency)}</dd>
        </div>
      </dl>
      {r.latest.length > 0 && (
        <ul class="latest small" aria-label="Latest grants to this customer">
          {r.latest.map((g) => (
            <li key={`${g.at}-${g.action}-${g.amountCents}`}>
              {g.actionLabel} {formatMoney(g.amountCents, currency)} by {g.agentName}, {ago(g.at, now)}
              {g.onThisTicket && <strong class="same-ticket"> · on this ticket</strong>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
