/** The screen-pop signature: what was signed verifies; any field changed, or another key, does not. */
import { describe, expect, it } from 'vitest';
import { popSignatureMatches, popUrl, signPop } from './pop-signature';

const fields = { ani: '+14155550123', agent: 'agent@acme.test', contact: 'call-1', ts: 1_800_000_000 };

describe('pop signature', () => {
  it('verifies what was signed, and nothing changed', () => {
    const sig = signPop('secret', fields);
    expect(popSignatureMatches('secret', fields, sig)).toBe(true);
    for (const changed of [{ ani: '+14155550100' }, { agent: 'senior@acme.test' }, { contact: 'call-2' }, { ts: fields.ts + 1 }])
      expect(popSignatureMatches('secret', { ...fields, ...changed }, sig), JSON.stringify(changed)).toBe(false);
    expect(popSignatureMatches('other', fields, sig)).toBe(false);
    expect(popSignatureMatches('secret', fields, sig.slice(1))).toBe(false);
  });

  it('builds the link a platform opens, signed now', () => {
    const url = new URL(popUrl('https://leeway.acme.test', { id: 'k1', secret: 'secret' }, fields, fields.ts * 1000));
    expect(url.pathname).toBe('/pop');
    expect(Object.fromEntries(url.searchParams)).toEqual({ ...fields, ts: String(fields.ts), key: 'k1', sig: signPop('secret', fields) });
  });
});
