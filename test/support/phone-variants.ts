/**
 * The ways telephony, CRMs and spreadsheets write one phone number (issue 22): E.164, national
 * with any punctuation, trunk and international prefixes, `tel:`/`sip:` URIs, extensions, stray
 * spaces. Shared by the property test of shared/caller-number.ts and `npm run bench -- caller`.
 */
import fc from 'fast-check';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Every way of writing `e164` a caller's line or a record may show, for a tenant in `home`. */
export function phoneVariants(e164: string, home: CountryCode): fc.Arbitrary<string> {
  const p = parsePhoneNumberFromString(e164)!;
  const cc = p.countryCallingCode;
  const nsn = p.nationalNumber as string;
  const intl = p.formatInternational(); // +1 415 555 0132
  const digitsGroups = intl.replace(/^\+\d+\s/, ''); // 415 555 0132
  const forms = [
    e164,
    intl,
    `+${cc}${nsn}`,
    `+${cc} (${nsn.slice(0, 3)}) ${nsn.slice(3)}`,
    `00${cc}${nsn}`,
    `00 ${cc} ${digitsGroups}`,
    `tel:${e164}`,
    `sip:${e164}@pbx.example.com`,
    p.getURI(),
  ];
  // North America dials abroad with 011; most of the world with 00 (above).
  if (home === 'US') forms.push(`011 ${cc} ${digitsGroups}`, `011${cc}${nsn}`);
  // National forms read only in their own country.
  if (p.country === home) {
    const national = p.formatNational(); // (415) 555-0132 / 020 7946 0958
    const trunk = national.startsWith('0') ? '' : `${cc}`;
    forms.push(
      national,
      national.replace(/[\s()-]/g, ''),
      national.replace(/[\s-]/g, '/').replace(/[()]/g, ''),
      national.replace(/[\s-]/g, '.').replace(/[()]/g, ''),
      national.replace(/[()]/g, '').replace(/\s+/g, ' '),
      ...(trunk ? [`${trunk}-${digitsGroups.replace(/\s/g, '-')}`, `${trunk} ${national}`] : []),
    );
  }
  const ext = fc.constantFrom('', ' x12', ' ext. 305', ';ext=7', ',,42', ' #123');
  const pad = fc.constantFrom('', ' ', '  ', '\t');
  return fc
    .tuple(pad, fc.constantFrom(...forms), ext, pad)
    .map(([a, f, x, b]) => `${a}${f}${f.startsWith('sip:') || f.startsWith('tel:') ? '' : x}${b}`);
}

/** Valid numbers of a few countries, as E.164. */
export const aPhoneNumber: fc.Arbitrary<{ e164: string; country: CountryCode }> = fc
  .tuple(
    fc.constantFrom<[CountryCode, string, number]>(
      ['US', '1415555', 4],
      ['US', '1212555', 4],
      ['GB', '44207946', 4],
      ['DE', '49301234', 4],
      ['FR', '33142685', 4],
    ),
    fc.integer({ min: 0, max: 9_999 }),
  )
  .map(([[country, prefix, n], tail]) => ({ country, e164: `+${prefix}${String(tail).padStart(n, '0')}` }))
  .filter(({ e164 }) => parsePhoneNumberFromString(e164)?.isValid() === true);
