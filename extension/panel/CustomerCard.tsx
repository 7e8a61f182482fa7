import type { CustomerContext } from '../../shared/schemas/context';
import { formatMoney, tenure } from './format';

export function CustomerCard({ context }: { context: CustomerContext }) {
  const { customer, openTickets } = context;
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
    </section>
  );
}
