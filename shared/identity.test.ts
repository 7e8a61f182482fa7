import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEmail, canonicalPhone, maskEmail, maskPhone } from './identity';

describe('canonicalEmail', () => {
  it.each([
    ['Dana.Whitfield@Example.com', 'dana.whitfield@example.com'],
    ['  dana+billing@example.com ', 'dana@example.com'],
    ['D.A.N.A+x@GoogleMail.com', 'dana@gmail.com'],
    ['first.last@gmail.com', 'firstlast@gmail.com'],
    ['not-an-email', null],
    ['+tag@example.com', '+tag@example.com'],
  ])('%s → %s', (raw, expected) => expect(canonicalEmail(raw)).toBe(expected));

  const local = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/);
  const domain = fc.constantFrom('example.com', 'acme.test', 'gmail.com', 'mail.co.uk');
  it('is idempotent', () =>
    fc.assert(
      fc.property(local, domain, (l, d) => {
        const once = canonicalEmail(`${l}@${d}`)!;
        expect(canonicalEmail(once)).toBe(once);
      }),
    ));
  it('ignores case and +tags', () =>
    fc.assert(
      fc.property(local, domain, fc.stringMatching(/^[a-z0-9]{1,8}$/), (l, d, tag) => {
        expect(canonicalEmail(`${l.toUpperCase()}+${tag}@${d.toUpperCase()}`)).toBe(canonicalEmail(`${l}@${d}`));
      }),
    ));
  it('never merges different domains', () =>
    fc.assert(
      fc.property(local, domain, domain, (l, d1, d2) => {
        fc.pre(d1 !== d2);
        expect(canonicalEmail(`${l}@${d1}`)).not.toBe(canonicalEmail(`${l}@${d2}`));
      }),
    ));
});

describe('canonicalPhone', () => {
  it.each([
    ['+1 (415) 555-0123', '+14155550123'],
    ['415-555-0123', '+14155550123'],
    ['+39 06 1234 5678', '+390612345678'],
    ['12', null],
    ['call me', null],
  ])('%s → %s', (raw, expected) => expect(canonicalPhone(raw)).toBe(expected));

  it('gives the same E.164 for any formatting of a number', () =>
    fc.assert(
      fc.property(fc.integer({ min: 2_000_000, max: 9_999_999 }), fc.constantFrom(' ', '-', '.', ''), (n, sep) => {
        const digits = `415${n}`;
        const formatted = `(${digits.slice(0, 3)})${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
        const a = canonicalPhone(formatted);
        const b = canonicalPhone(`+1${digits}`);
        expect(a).toBe(b);
      }),
    ));
});

describe('masking', () => {
  it('keeps enough to recognise, not to use', () => {
    expect(maskEmail('dana.whitfield@example.com')).toBe('d***@example.com');
    expect(maskPhone('+14155550123')).toBe('+1 *** *** 0123');
  });
});
