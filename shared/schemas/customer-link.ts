/**
 * An unknown requester is a start (issue 19): the agent searches the tenant's customers and links
 * the page's requester to one, adding the identities the page showed to that customer.
 */
import { z } from 'zod';
import { Id } from './common';
import type { Tier } from './tier';

/** How many customers one search answers with: enough to pick from, too few to page through the book. */
export const CUSTOMER_SEARCH_LIMIT = 8;

/** customer:search: part of a name, or a whole email or phone number (server/src/repositories/customers/search.ts). */
export const CustomerSearchBody = z
  .object({
    query: z
      .string()
      .trim()
      .min(2, 'must be at least 2 characters: part of a name, or a whole email or phone number')
      .max(100, 'must be at most 100 characters'),
  })
  .strict();
export type CustomerSearchBody = z.input<typeof CustomerSearchBody>;

/** One customer found, contact masked as the panel shows it (d***@example.com). */
export interface CustomerSearchHit {
  id: string;
  name: string;
  tier: Tier;
  contact: { email: string | null; phone: string | null };
}

/**
 * customer:link: the requester of the ticket this connection opened (`interactionId`, which found
 * nobody) is this customer. The identities linked are the ones that open carried, remembered by the server.
 */
export const CustomerLinkBody = z.object({ interactionId: Id, customerId: Id }).strict();
export type CustomerLinkBody = z.input<typeof CustomerLinkBody>;

/** What was linked, in the words the panel shows (masked). */
export interface CustomerLinked {
  customerId: string;
  name: string;
  linked: string[];
}
