/** What GET /v1/qa/offers answers: suggested offers against what customers and agents did with them. */
import { z } from 'zod';

const Tally = z.object({
  /** Interactions in which offers (this offer, for an offer's row) were first shown in the period. */
  shown: z.number().int(),
  /** Customers' answers recorded in the period. */
  accepted: z.number().int(),
  declined: z.number().int(),
  /** accepted ÷ (accepted + declined); null when no answer was recorded. */
  acceptanceRate: z.number().nullable(),
  /** Accepted × the offer's business value in the tenant's current offers version, in cents. */
  valueDeliveredCents: z.number().int(),
  /** Interactions where the agent granted an action none of the shown offers grant. */
  overrides: z.number().int(),
});

export const OfferReportOffer = Tally.extend({ offerId: z.string(), name: z.string() });
export const OfferReportTeam = Tally.extend({ team: z.string() });
export const GenerousAgent = z.object({
  agentId: z.string(),
  agentName: z.string(),
  team: z.string(),
  /** Interactions with at least two grantable money offers of different amounts, one of which they granted. */
  interactions: z.number().int(),
  /** Of those, how often they granted the highest amount shown. */
  tookHighest: z.number().int(),
  share: z.number(),
  why: z.string(),
});

export const OfferReport = z.object({
  from: z.string(),
  to: z.string(),
  /** The offers version values and names come from; 0: the tenant has no offers yet. */
  offersVersion: z.number().int(),
  /** The currency of the policy in force, for the amounts. */
  currency: z.string(),
  totals: Tally,
  offers: z.array(OfferReportOffer),
  teams: z.array(OfferReportTeam),
  generous: z.array(GenerousAgent),
  /** What flags an agent as always taking the most generous offer (shared/qa/offer-report.ts). */
  thresholds: z.object({ minInteractions: z.number().int(), minShare: z.number() }),
});
export type OfferReport = z.infer<typeof OfferReport>;
export type OfferReportTally = z.infer<typeof Tally>;
