/**
 * How identities are compared. An email is the same person's whatever its case, with or
 * without a +tag, and (at Gmail only, where dots are ignored) with or without dots. Phones
 * compare in E.164. Both sides of every lookup go through these, so storage and queries agree.
 */
import type { CountryCode } from 'libphonenumber-js';
import { readCallerNumber } from './caller-number';

const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

export function canonicalEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS_DOMAINS.has(domain)) local = local.replace(/\./g, '');
  return local ? `${local}@${domain}` : null;
}

/** E.164, or null when it cannot be a phone number; national numbers read in `defaultCountry` (caller-number.ts). */
export function canonicalPhone(raw: string, defaultCountry: CountryCode = 'US'): string | null {
  const read = readCallerNumber(raw, defaultCountry);
  return read.kind === 'number' ? read.e164 : null;
}

/** For showing personal data to those who need only to recognise it: d***@example.com, +1 *** *** 0123. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)} *** *** ${phone.slice(-4)}`;
}
