/**
 * An offer in the words an admin reads in the console: what it grants, who is eligible, its
 * lever and expected acceptance. Pure, so the unit test pins every phrase.
 */
import { codeLabel } from '@shared/code-label';
import { formatMoney } from '@shared/describe-event';
import type { AmountRule, Eligibility, Offer, OfferStep } from '@shared/nba/offer';
import type { Issue } from '@shared/validate';

const STEP_WORDS: Record<OfferStep, string> = {
  update_card: 'Ask to update the card on file',
  escalate: 'Escalate to a specialist',
  call_back: 'Offer a call back',
};

/** "$10–$25", "$5", "10% of the latest order, $5–$50". */
export function amountWords(a: AmountRule, currency: string): string {
  const money = (c: number) => formatMoney(c, currency);
  if (a.rule === 'fixed') return money(a.cents);
  if (a.rule === 'range') return `${money(a.minCents)}–${money(a.maxCents)}`;
  const share = `${a.percent}% of the latest order`;
  if (a.minCents != null && a.maxCents != null) return `${share}, ${money(a.minCents)}–${money(a.maxCents)}`;
  if (a.minCents != null) return `${share}, at least ${money(a.minCents)}`;
  if (a.maxCents != null) return `${share}, at most ${money(a.maxCents)}`;
  return share;
}

/** "Account credit, $10–$25" for an action; the step as a thing to do ("Offer a call back"). */
export function grantWords(o: Pick<Offer, 'kind' | 'amount'>, currency: string): string {
  if (o.kind.type === 'step') return STEP_WORDS[o.kind.step];
  const action = codeLabel(o.kind.action);
  return o.amount ? `${action}, ${amountWords(o.amount, currency)}` : action;
}

const times = (n: number) => (n === 1 ? 'once' : `${n}+ times`);
const lastDays = (d: number) => (d === 1 ? 'in the last day' : `in the last ${d} days`);

/** Each condition in words; every one must hold. None: every customer. */
export function eligibilityWords(e: Eligibility | undefined): string[] {
  if (!e) return [];
  const out: string[] = [];
  if (e.churnAtLeast) out.push(e.churnAtLeast === 'high' ? 'churn risk high' : `churn risk ${e.churnAtLeast} or higher`);
  if (e.failedPayments) {
    const { atLeast, withinDays } = e.failedPayments;
    out.push(`${atLeast === 1 ? 'a failed payment' : `${atLeast}+ failed payments`} ${lastDays(withinDays)}`);
  }
  for (const ev of e.events ?? []) {
    const what = codeLabel(ev.type).toLowerCase();
    out.push(ev.atLeast > 1 ? `${what} ${times(ev.atLeast)} ${lastDays(ev.withinDays)}` : `${what} ${lastDays(ev.withinDays)}`);
  }
  if (e.repeatContactAtLeast) out.push(`contacted again ${e.repeatContactAtLeast}+ times`);
  if (e.tiers) out.push(`${e.tiers.length === 1 ? 'tier' : 'tiers'} ${e.tiers.join(', ')}`);
  if (e.consent?.length) out.push(`not opted out of ${e.consent.map((c) => codeLabel(c).toLowerCase()).join(', ')}`);
  return out;
}

/** The conditions as one line: "churn risk high; tiers gold, platinum". */
export const whoWords = (e: Eligibility | undefined) => eligibilityWords(e).join('; ') || 'every customer';

/** The admin's lever: 1 is neutral, 0 parks the offer. */
export const leverWords = (w: number) => (w === 1 ? '1 (neutral)' : w === 0 ? '0 (parked)' : String(w));

/** The prior as the admin's guess at acceptance: alpha / (alpha + beta). */
export const priorWords = (p: { alpha: number; beta: number }) => `${Math.round((p.alpha / (p.alpha + p.beta)) * 100)}%`;

/**
 * The server's refusal as lines: its issues when it sent them, else its message split where each
 * path begins. "body." dropped, so the lines name the same paths as the editor's own check.
 */
export function refusalLines(message: string, issues?: readonly Issue[]): string[] {
  const strip = (p: string) => p.replace(/^body\./, '');
  if (issues?.length) return issues.map((i) => `${strip(i.path)}: ${i.message}`);
  const body = message.replace(/^The offers have \d+ problems?: /, '');
  return body.split(/; (?=body\.)/).map(strip);
}
