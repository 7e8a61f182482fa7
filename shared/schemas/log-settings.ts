import { z } from 'zod';

const entries = 'must be a whole number of entries from 10 to 100000';
const minutes = 'must be a whole number of minutes from 1 to 1440 (a day)';

/**
 * How often the server signs a tenant's log head (a checkpoint): every so many entries, and,
 * when the head has moved, every so many minutes. What can be rewritten unseen is at most what
 * came after the newest checkpoint, so a lower cadence narrows that window.
 */
export const LogSettings = z
  .object({
    checkpointEveryEntries: z.number({ message: entries }).int(entries).min(10, entries).max(100_000, entries),
    checkpointEveryMinutes: z.number({ message: minutes }).int(minutes).min(1, minutes).max(1440, minutes),
  })
  .strict();
export type LogSettings = z.infer<typeof LogSettings>;

/** As stored and served: a value set before these bounds (or by an operator in the database) is still shown as it is. */
export const LogSettingsView = z.object({ checkpointEveryEntries: z.number().int(), checkpointEveryMinutes: z.number().int() }).strict();
