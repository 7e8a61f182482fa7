import { z } from 'zod';
import { EMAIL_PATTERN, PHONE_E164_PATTERN } from '../patterns';

/** Small atoms that the domain schemas are composed from. */
export const Id = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
export const Email = z.email({ pattern: EMAIL_PATTERN, message: 'must be a valid email address' }).max(254);
/** E.164-ish: a leading + and 7 to 15 digits. Full normalisation arrives with identity resolution. */
export const Phone = z.string().regex(PHONE_E164_PATTERN, 'must be a phone number in E.164 form, like +14155550100');
export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, like 2026-11-23T10:00:00Z' });
/** Money is always integer minor units (cents) with its currency, never floats. */
export const AmountCents = z.number().int('must be a whole number of cents').min(0, 'must not be negative').max(1e12);
/** An amount actually granted: at least one cent. */
/** A grant's or request's amount: at most $21,474,836.47, the 32-bit integer PostgreSQL stores it as. */
export const PositiveCents = z
  .number()
  .int('must be a whole number of cents')
  .min(1, 'must be more than zero')
  .max(2_147_483_647, 'must be at most 2147483647 cents ($21,474,836.47)');
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code, like USD');

export const Role = z.enum(['agent', 'supervisor', 'auditor', 'admin']);
export type Role = z.infer<typeof Role>;

export const ErrorBody = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
