/**
 * A caller's number as telephony hands it over, read once for every use: a caller on a phone
 * desktop, an event's `customer.phone`, an imported contact column. Platforms and CRMs write one
 * number many ways: E.164, national with any punctuation ("415/555-0132", "(415) 555.0132"), a
 * trunk or international prefix ("1-415…", "011 1 415…", "00 44 20…"), a `tel:` or `sip:` URI,
 * an extension ("x12", ";ext=12", ",,12"). They all read as the same E.164 number; the extension
 * is not part of who is calling. A withheld number is said to be withheld, never guessed from.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type CallerNumber = { kind: 'number'; e164: string } | { kind: 'withheld' } | { kind: 'unreadable' };

/**
 * What platforms show for a caller who hid their number: words ("anonymous", "restricted"…), an
 * empty or all-zero number, and Twilio's spelled-out keypad numbers (ANONYMOUS, RESTRICTED,
 * BLOCKED, UNAVAILABLE).
 */
const WITHHELD =
  /^(anonymous|private|restricted|withheld|unknown|unavailable|blocked|nocallerid|\+?0*|\+?266696687|\+?7378742833|\+?2562533|\+?86282452253)$/;

export function readCallerNumber(raw: string | null | undefined, country: CountryCode = 'US'): CallerNumber {
  let s = (raw ?? '').trim().toLowerCase();
  if (WITHHELD.test(s.replace(/[\s\-().]/g, ''))) return { kind: 'withheld' };
  s = s.replace(/^(tel:|sips?:)/, '').replace(/@.*$/, '');
  // "00" is the international prefix almost everywhere outside North America.
  s = s.replace(/^\s*00\s*/, '+');
  const parsed = parsePhoneNumberFromString(s, country);
  return parsed?.isValid() ? { kind: 'number', e164: parsed.number } : { kind: 'unreadable' };
}
