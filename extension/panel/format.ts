export { formatMoney } from '@shared/describe-event';

export function tenure(since: string, now = Date.now()): string {
  const months = Math.floor((now - Date.parse(since)) / (30.44 * 24 * 3600 * 1000));
  if (months < 1) return 'new this month';
  if (months < 12) return `${months} mo`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest ? `${years} yr ${rest} mo` : `${years} yr`;
}

export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** "12", "12.5", "$1,200.50" → cents; null when it is not an amount. */
export function parseMoneyInput(text: string): number | null {
  const clean = text.replace(/[$€£,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
