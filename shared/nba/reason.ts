/**
 * The one sentence a recommendation carries: the facts that made it fit, then what the agent may
 * do about it. "Payment failed twice this month and churn risk is high: a $15 account credit is
 * within your leeway." Worded only for the offers returned, never for every candidate.
 */
import { moneyText } from '../policy/money';
import type { Judgement } from './judge';
import type { Offer, OfferStep } from './offer';

/** At most this many facts in the sentence: the rest are among the factors, on demand. */
const FACTS_IN_SENTENCE = 2;

const STEP_WORDS: Record<OfferStep, string> = {
  update_card: 'offer to update the card on file',
  escalate: 'escalate to a specialist',
  call_back: 'offer a call back',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Account credit" reads as "account credit" mid-sentence; "VIP credit" stays as it is. */
const midSentence = (name: string) => (/^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name);

/** "a $15 account credit", "a $12 discount (10% of their last order)", "a $5 credit (up to $20)". */
export function offerPhrase(offer: Offer, j: Exclude<Judgement, { mode: 'step' }>, currency: string): string {
  let text = `a ${moneyText(j.amountCents, currency)} ${midSentence(offer.name)}`;
  if (offer.amount?.rule === 'percent') text += ` (${offer.amount.percent}% of their last order)`;
  if (j.mode === 'grantable' && j.upToCents !== null && j.upToCents > j.amountCents) text += ` (up to ${moneyText(j.upToCents, currency)})`;
  return text;
}

export function reasonSentence(offer: Offer, j: Judgement, facts: readonly string[], currency: string): string {
  let what: string;
  if (j.mode === 'step') what = offer.kind.type === 'step' ? STEP_WORDS[offer.kind.step] : midSentence(offer.name);
  else if (j.mode === 'grantable') what = `${offerPhrase(offer, j, currency)} is within your leeway`;
  else what = `${offerPhrase(offer, j, currency)} needs approval from your ${j.decision.levelName.toLowerCase()}`;
  const why = facts.slice(0, FACTS_IN_SENTENCE).join(' and ');
  return why ? `${capitalise(why)}: ${what}.` : `${capitalise(what)}.`;
}
