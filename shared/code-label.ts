/**
 * A policy's or the product's codes (`billing_error`, `late_delivery`, `account_credit`) as the
 * words an agent reads: "Billing error". Codes stay the values sent and stored; only this is shown.
 * Zod-free, so the panel and the consoles can use it.
 */

/** Where plain word splitting reads wrong. */
const WORDS: Record<string, string> = {
  goodwill: 'Goodwill',
  not_as_described: 'Not as described',
  lost_in_transit: 'Lost in transit',
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
};

export function codeLabel(code: string): string {
  const known = WORDS[code];
  if (known) return known;
  const words = code
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

/** The currency's symbol as en-US money shows it ("$", "€", "CA$"); the code itself when it has none. */
export function currencySymbol(currency: string): string {
  try {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}
