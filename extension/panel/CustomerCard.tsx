import { codeLabel } from '@shared/code-label';
import type { CustomerContext } from '@shared/schemas/context';
import type { PanelActions } from './client';
import { formatMoney, tenure } from './format';
import './context.css';

const CONSENT_LABELS: Record<string, [string, string]> = {
  marketing: ['Marketing OK', 'No marketing'],
  personalisation: ['Personalisation OK', 'No personalisation'],
};

export function CustomerCard({
  context,
  revealed,
  actions,
}: {
  context: CustomerContext;
  revealed: { email?: string | null; phone?: string | null; refused?: string } | null;
  actions: PanelActions;
}) {
  const { customer, openTickets, contact, consent, conflicts } = context;
  return (
    <section class="card" aria-label="Customer">
      <div class="name-row">
        <h2 data-field="customer-name">{customer.name}</h2>
        <span class={`tier tier-${customer.tier}`} data-field="tier">
          {customer.tier}
        </span>
      </div>
      <dl class="facts">
        <div>
          <dt>Lifetime value</dt>
          <dd data-field="ltv">{formatMoney(customer.lifetimeValueCents, customer.currency)}</dd>
        </div>
        <div>
          <dt>Customer for</dt>
          <dd data-field="tenure">{tenure(customer.customerSince)}</dd>
        </div>
        <div>
          <dt>Open tickets</dt>
          <dd data-field="open-tickets" title={openTickets.map((t) => t.subject ?? t.ref).join('\n')}>
            {openTickets.length}
          </dd>
        </div>
      </dl>
      <p class="contact">
        {(['email', 'phone'] as const).map((field) =>
          contact[field] ? (
            <span key={field} class="pii" data-field={`contact-${field}`}>
              {revealed?.[field] ?? contact[field]}
              {revealed?.[field] === undefined && (
                <button type="button" class="link" onClick={() => actions.reveal(field)} title="Show in full (logged)">
                  reveal
                </button>
              )}
            </span>
          ) : null,
        )}
      </p>
      {revealed?.refused && (
        <p class="error" role="alert" data-field="reveal-refused">
          {revealed.refused}
        </p>
      )}
      {Object.keys(consent).length > 0 && (
        <p class="consent">
          {Object.entries(consent).map(([k, v]) => (
            <span key={k} class={`chip ${v ? '' : 'warn'}`} data-field={`consent-${k}`}>
              {CONSENT_LABELS[k]?.[v ? 0 : 1] ?? `${codeLabel(k)}: ${v ? 'yes' : 'no'}`}
            </span>
          ))}
        </p>
      )}
      {conflicts.map((c, i) => (
        <p key={i} class="caution" data-field="conflict">
          {c.kind} {c.value} is also on “{c.otherCustomer}”: check before acting; a supervisor can merge them.
        </p>
      ))}
    </section>
  );
}
