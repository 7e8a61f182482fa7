/** The tenant's reveal limit: how many masked personal fields one agent may see in full in an hour. */
import { z } from 'zod';

export const REVEALS_PER_HOUR_MAX = 10_000;
const range = `must be a whole number from 1 to ${REVEALS_PER_HOUR_MAX}`;

export const RevealSettings = z
  .object({
    perHour: z.number({ message: range }).int(range).min(1, range).max(REVEALS_PER_HOUR_MAX, range),
  })
  .strict();
export type RevealSettings = z.infer<typeof RevealSettings>;
