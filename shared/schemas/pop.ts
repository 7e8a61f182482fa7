/** A screen-pop URL's query (shared/pop-signature.ts), as the server reads it and the extension passes it on. */
import { z } from 'zod';
import { Email, Id } from './common';

export const PopQuery = z
  .object({
    ani: z.string({ error: 'is required: the caller’s number' }).trim().min(1, 'is required: the caller’s number').max(64),
    agent: Email,
    contact: z
      .string({ error: 'is required: the call’s id on your platform' })
      .min(1, 'is required: the call’s id on your platform')
      .max(128)
      .regex(/^[\w.:-]+$/, 'must be the call’s id: letters, digits, dots, colons, dashes and underscores'),
    ts: z.coerce.number({ error: 'is required: the signing time in unix seconds' }).int('must be the signing time in unix seconds'),
    key: z.string({ error: 'is required: the id of the ingest key that signed the link' }).pipe(Id),
    sig: z
      .string({ error: 'is required: the link’s signature' })
      .regex(/^[0-9a-f]{64}$/, 'must be the hex HMAC-SHA256 of the pop, 64 characters'),
  })
  .strict();
export type PopQuery = z.infer<typeof PopQuery>;
