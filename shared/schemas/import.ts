import { z } from 'zod';
import { Currency, Email, Id, IsoDateTime } from './common';
import { Tier } from './context';

const yesNo = z.preprocess(
  (v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? /^(1|true|yes|y)$/i.test(v) : v),
  z.boolean().optional(),
);
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** One customer row of a bulk import (CSV header names or NDJSON keys). */
export const CustomerRow = z
  .object({
    externalId: Id,
    name: z.string().trim().min(1, 'is required').max(200),
    email: optional(Email),
    phone: optional(z.string().max(40)),
    tier: Tier,
    lifetimeValueCents: z.coerce.number().int('must be a whole number of cents').min(0, 'must not be negative'),
    currency: optional(Currency),
    customerSince: z.union([IsoDateTime, z.iso.date({ message: 'must be a date like 2024-03-01' })]),
    /** Semicolon-separated in CSV: fraud;chargeback_open */
    flags: z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z.array(z.string().max(64)).optional(),
    ),
    consentMarketing: yesNo,
    consentPersonalisation: yesNo,
  })
  .strict();
export type CustomerRow = z.infer<typeof CustomerRow>;

export interface ImportReport {
  kind: 'customers' | 'events';
  lines: number;
  imported: number;
  failed: number;
  /** Lines skipped because an earlier run of the same file already committed them. */
  resumedAfter: number;
  errors: { line: number; message: string }[];
}
