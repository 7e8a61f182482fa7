/**
 * A tenant's offers as admins set them (PUT /v1/settings/offers) and read them back, one version
 * at a time. The offers themselves are shared/nba/offer.ts's: the same words for every mistake.
 */
import { z } from 'zod';
import { Offer, OfferList } from '../nba/offer';

export const OffersBody = z
  .object({
    offers: OfferList,
    /** Why this version: shown beside it in the list of versions. */
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .strict();
export type OffersBody = z.infer<typeof OffersBody>;

export const OffersVersion = z.object({
  /** 0 before the first version: no offers yet. */
  version: z.number().int(),
  offers: z.array(Offer),
  /** Null only for version 0. */
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type OffersVersion = z.infer<typeof OffersVersion>;

export const OffersVersionList = z.array(OffersVersion);
