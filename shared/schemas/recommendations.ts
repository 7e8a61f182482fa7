/**
 * Next best action over the wire: the recommendations for one customer (computed by the server,
 * shared/nba/recommend.ts) and the outcome an agent records for one of them. The segment an
 * outcome is learnt in is the server's to say, from the customer as it knows them: never sent.
 */
import { z } from 'zod';
import { OFFER_STEPS } from '../nba/offer';
import type { Recommendation as Computed } from '../nba/recommend';
import { Id } from './common';
import { UsageView } from './grant-replies';

export const Recommendation = z.object({
  offerId: z.string(),
  name: z.string(),
  mode: z.enum(['grantable', 'needsApproval', 'step']),
  action: z.string().nullable(),
  step: z.enum(OFFER_STEPS).nullable(),
  reasonCode: z.string().nullable(),
  amountCents: z.number().int().nullable(),
  upToCents: z.number().int().nullable(),
  currency: z.string(),
  approval: z.object({ level: z.string(), levelName: z.string(), ruleId: z.string().nullable(), reason: z.string() }).nullable(),
  leeway: z.string().nullable(),
  reason: z.string(),
  segment: z.string(),
  factors: z.object({
    eligibility: z.array(z.string()),
    propensity: z.number(),
    expectedAcceptance: z.number(),
    outcomes: z.number().int(),
    contextWeight: z.number(),
    valueCents: z.number(),
    lever: z.number(),
    priority: z.number(),
  }),
});
export type Recommendation = z.infer<typeof Recommendation>;
// The wire shape is the computed one: a field added there and not here fails the typecheck.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _same: Same<z.infer<typeof Recommendation>, Computed> = true;
void _same;

export const Recommendations = z.object({
  /** The tenant's offers version they come from; 0: the tenant has no offers yet. */
  offersVersion: z.number().int(),
  /** The policy version they were computed under (what the agent may grant); 0: none in force for this agent. */
  policyVersion: z.number().int(),
  /**
   * The agent's usage they were computed with (today's budgets, this customer's caps); null: no
   * policy in force for this agent. The panel's allowances follow it, so a teammate's grant that
   * spends a shared budget lowers them with the suggestions, never one without the other.
   */
  usage: UsageView.nullable(),
  recommendations: z.array(Recommendation),
});
export type Recommendations = z.infer<typeof Recommendations>;

/**
 * For one panel, asked (offer:recommend) or pushed (offer:recommendations): its interaction, and
 * the order the server computed them in (`seq` rises per server process), so a panel shows the
 * latest whichever way it arrived first.
 */
export const PanelRecommendations = Recommendations.extend({ interactionId: Id, seq: z.number().int() });
export type PanelRecommendations = z.infer<typeof PanelRecommendations>;

export const OfferOutcomeBody = z
  .object({
    offerId: z.string({ error: 'is required: the offer the customer answered' }).min(1, 'is required').max(64),
    accepted: z.boolean({ error: 'is required: true when the customer accepted the offer, false when they declined it' }),
    /** The interaction it was offered in: one outcome per offer per interaction, however often sent. */
    interactionId: Id.optional(),
  })
  .strict();
export type OfferOutcomeBody = z.infer<typeof OfferOutcomeBody>;

export const OfferOutcomeReply = z.object({
  status: z.enum(['stored', 'duplicate']),
  segment: z.string(),
  /**
   * What the record holds for this offer in this interaction now: the answer just sent, or for a
   * duplicate the first one, which stands (the agent's earlier mark, or an acceptance the resolution
   * implied from a grant of it), so the panel never shows an answer the record does not hold.
   */
  recorded: z.object({ accepted: z.boolean(), by: z.enum(['agent', 'resolution']) }),
});

/** offer:recommend: for the customer of an interaction this connection opened (never a customer the client names). */
export const OfferRecommendBody = z.object({ interactionId: Id }).strict();
/** offer:outcome: the customer's answer, learnt once per interaction and offer. */
export const OfferOutcomeEvent = OfferOutcomeBody.required({ interactionId: true }).strict();
export type OfferOutcomeReply = z.infer<typeof OfferOutcomeReply>;
