export { formatMoney } from '@shared/describe-event';

export function tenure(since: string, now = Date.now()): string {
  const months = Math.floor((now - Date.parse(since)) / (30.44 * 24 * 3600 * 1000));
  if (months < 1) return 'new this month';
  if (months < 12) return `${months} mo`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest ? `${years} yr ${rest} mo` : `${years} yr`;
}

/** "12", "12.5", "$1,200.50" → cents; null when it is not an amount. */
export function parseMoneyInput(text: string): number | null {
  const clean = text.replace(/[$€£,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
