import type { AnyEventData } from './schemas/customer-events';

// Building an Intl.NumberFormat costs far more than using one: keep one per currency and precision.
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amountCents: number, currency: string): string {
  const digits = amountCents % 100 ? 2 : 0;
  const key = `${currency}:${digits}`;
  let f = formatters.get(key);
  if (!f)
    formatters.set(
      key,
      (f = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })),
    );
  return f.format(amountCents / 100);
}

/** One line an agent reads at a glance; the panel and any export say the same thing. */
export function describeEvent(event: AnyEventData): string {
  switch (event.type) {
    case 'order.placed':
      return `Order ${event.data.orderId} placed · ${formatMoney(event.data.amountCents, event.data.currency)}`;
    case 'order.refunded':
      return `Order ${event.data.orderId} refunded · ${formatMoney(event.data.amountCents, event.data.currency)}`;
    case 'payment.failed':
      return `Payment failed · ${formatMoney(event.data.amountCents, event.data.currency)}${event.data.reason ? ` (${event.data.reason})` : ''}`;
    case 'subscription.changed':
      return `Subscription ${event.data.from ? `${event.data.from} → ` : ''}${event.data.to}`;
    case 'page.visited':
      return `Visited ${event.data.title ?? event.data.url}`;
    case 'contact.opened':
      return `Contacted via ${event.data.channel}${event.data.subject ? `: ${event.data.subject}` : ''}`;
    case 'contact.closed':
      return `Contact ${event.data.ticketRef} closed (${event.data.channel})`;
    case 'survey.answered':
      return `${event.data.survey.toUpperCase()} ${event.data.score}${event.data.comment ? ` · “${event.data.comment}”` : ''}`;
    default: {
      // A type an admin declared: its name in words, then its fields.
      const name = event.type.slice('custom.'.length).replace(/_/g, ' ');
      const fields = Object.entries(event.data)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      return `${name[0]!.toUpperCase()}${name.slice(1)}${fields ? ` · ${fields}` : ''}`;
    }
  }
}

/** Events an agent should not miss get a warning mark in the panel. */
export function isAlert(event: AnyEventData): boolean {
  if (event.type === 'payment.failed') return true;
  if (event.type === 'page.visited') return /cancel/i.test(event.data.url);
  if (event.type === 'survey.answered') return event.data.survey === 'csat' ? event.data.score <= 2 : event.data.score <= 6;
  return false;
}
