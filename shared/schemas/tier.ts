import { z } from 'zod';

/** A customer's tier: its own module, since policies, grants and the customer context all name it. */
export const TIERS = ['standard', 'silver', 'gold', 'platinum'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;
