import { z } from 'zod';

/** What the extension reports about itself, for the server's metrics. */
export const ClientStats = z
  .object({
    /** Resolution records in the extension's outbox, waiting to reach the server. */
    outboxDepth: z
      .number({ error: 'must be a number of records' })
      .int('must be a whole number of records')
      .min(0, 'must not be negative')
      .max(1_000_000, 'must be at most 1000000'),
  })
  .strict();
export type ClientStats = z.infer<typeof ClientStats>;
