/**
 * Offers checked against the policy they will be judged by, for the admin saving them: the schema
 * cannot know the tenant's actions. An offer failing here is never wrong to keep (the evaluator
 * refuses it, so it is never shown), but the admin should hear why before wondering.
 */
import type { PolicyDocument } from '../schemas/policy';
import type { Offer } from './offer';

export interface OfferProblem {
  offerId: string;
  path: string;
  message: string;
}

export function checkOffers(offers: readonly Offer[], policy: PolicyDocument): OfferProblem[] {
  const actions = new Map(policy.actions.map((a) => [a.id, a]));
  const problems: OfferProblem[] = [];
  offers.forEach((o, i) => {
    if (o.kind.type !== 'action') return;
    const path = `${i}.kind`;
    const action = actions.get(o.kind.action);
    const known = policy.actions.map((a) => a.id).join(', ');
    if (!action) {
      problems.push({
        offerId: o.id,
        path: `${path}.action`,
        message: `“${o.kind.action}” is not an action of your policy: use one of ${known}`,
      });
      return;
    }
    const codes = action.reasonCodes.join(', ');
    if (o.kind.reasonCode && action.reasonCodes.length && !action.reasonCodes.includes(o.kind.reasonCode))
      problems.push({
        offerId: o.id,
        path: `${path}.reasonCode`,
        message: `“${o.kind.reasonCode}” is not a reason for ${action.label}: use one of ${codes}`,
      });
    else if (!o.kind.reasonCode && action.reasonRequired)
      problems.push({ offerId: o.id, path: `${path}.reasonCode`, message: `is required: ${action.label} needs a reason, one of ${codes}` });
  });
  return problems;
}
