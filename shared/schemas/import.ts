import { z } from 'zod';
import { Currency, Email, Id, IsoDateTime } from './common';
import { canonicalPhone } from '../identity';
import { TIERS, Tier } from './tier';

const yesNo = z.preprocess(
  (v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? /^(1|true|yes|y)$/i.test(v) : v),
  z.boolean().optional(),
);
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** ISO 8601: a date (2024-03-01) or a date-time with its offset (2024-03-01T09:30:00Z). */
export const IsoDateOrDateTime = z
  .string()
  .refine(
    (v) => IsoDateTime.safeParse(v).success || z.iso.date().safeParse(v).success,
    'must be an ISO 8601 date like 2024-03-01, or a date-time like 2024-03-01T09:30:00Z',
  );

/**
 * The fields of a customer, as a bulk import's row (CSV header names or NDJSON keys) and the REST
 * route's body take them. Each says its format (`.meta`): the import's --help and the README list
 * the columns from it, so the documentation is this schema.
 */
export const CUSTOMER_FIELDS = {
  externalId: Id.meta({
    description: "your system's id for the customer; a row with a known one updates that customer",
    example: 'cus_1001',
  }),
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(200)
    .meta({ description: 'full name, at most 200 characters', example: 'Dana Whitfield' }),
  email: optional(Email).meta({ description: 'an email address', example: 'dana.whitfield@example.com' }),
  phone: optional(
    z
      .string()
      .max(40)
      .refine((v) => canonicalPhone(v) !== null, {
        error: (iss) =>
          `“${String(iss.input)}” is not a phone number: write it in E.164, like +14155550100, or as a US number, like (415) 555-0100`,
      }),
  ).meta({
    description: 'E.164 (+14155550100), or a US national number ((415) 555-0100)',
    example: '+14155550100',
  }),
  tier: Tier.meta({ description: `one of ${TIERS.join(', ')}`, example: 'gold' }),
  lifetimeValueCents: z.coerce
    .number({ error: 'must be a whole number of cents, like 129900' })
    .int('must be a whole number of cents, like 129900')
    .min(0, 'must not be negative')
    .meta({ description: 'what the customer has spent, in whole cents (129900 for 1,299.00)', example: '129900' }),
  currency: optional(Currency).meta({ description: 'ISO 4217 code of lifetimeValueCents; USD when left out', example: 'USD' }),
  customerSince: IsoDateOrDateTime.meta({
    description: 'ISO 8601 date (YYYY-MM-DD) or date-time with offset (2024-03-01T09:30:00Z)',
    example: '2024-03-01',
  }),
  /** Semicolon-separated in CSV: fraud;chargeback_open */
  flags: z
    .preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z.array(z.string().max(64)).optional(),
    )
    .meta({ description: 'labels separated by semicolons in CSV (a list in NDJSON)', example: 'fraud;chargeback_open' }),
  consentMarketing: yesNo.meta({ description: 'yes or no (also true/false, 1/0); unknown when left out', example: 'yes' }),
  consentPersonalisation: yesNo.meta({ description: 'yes or no (also true/false, 1/0); unknown when left out', example: 'no' }),
};

/** An unknown column is named, with the ones there are. */
const unknownColumns = (iss: { code?: string; keys?: string[] }) =>
  iss.code === 'unrecognized_keys'
    ? `unknown column ${(iss.keys ?? []).join(', ')}: the columns are ${Object.keys(CUSTOMER_FIELDS).join(', ')}`
    : undefined;

/** One customer row of a bulk import (CSV header names or NDJSON keys). */
export const CustomerRow = z.strictObject(CUSTOMER_FIELDS, { error: unknownColumns });
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
