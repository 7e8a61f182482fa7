import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS } from '../test/support/fuzz/inputs';
import { aPhoneNumber, phoneVariants } from '../test/support/phone-variants';
import { readCallerNumber } from './caller-number';

describe('reading a caller number', () => {
  it('reads every way of writing a number as that number, at home and abroad', () => {
    fc.assert(
      fc.property(
        aPhoneNumber.chain((n) =>
          fc
            .constantFrom<'US' | 'GB'>('US', 'GB')
            .chain((home) => fc.tuple(fc.constant(n), fc.constant(home), phoneVariants(n.e164, home))),
        ),
        ([n, home, written]) => {
          expect(readCallerNumber(written, home), JSON.stringify(written)).toEqual({ kind: 'number', e164: n.e164 });
        },
      ),
      { numRuns: FUZZ_RUNS * 20, seed: 22 },
    );
  });

  it('says a withheld number is withheld, and guesses nothing from what is no number', () => {
    for (const w of ['', '  ', 'anonymous', 'Anonymous', 'PRIVATE', 'restricted', 'Unavailable', 'no caller id', '+266696687', '0', '+000'])
      expect(readCallerNumber(w), w).toEqual({ kind: 'withheld' });
    expect(readCallerNumber(null)).toEqual({ kind: 'withheld' });
    for (const u of ['12', '555-0132', 'call me', '+1 415', '020 7946 0958'])
      expect(readCallerNumber(u, 'US'), u).toEqual({ kind: 'unreadable' });
    expect(readCallerNumber('020 7946 0958', 'GB')).toEqual({ kind: 'number', e164: '+442079460958' });
  });
});
