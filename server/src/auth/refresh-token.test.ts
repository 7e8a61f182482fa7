import { describe, expect, it } from 'vitest';
import { createRefreshTokens } from './refresh-token';

const SECRET = 'a'.repeat(32);
const SID = '2f0c7d2e-9a4b-4c1e-8f7a-1b2c3d4e5f60';

describe('refresh tokens', () => {
  const tokens = createRefreshTokens(SECRET);

  it('recognises a token it issued, and names its session', () => {
    const token = tokens.issue(SID);
    expect(token.split('.')).toHaveLength(3);
    expect(tokens.sessionOf(token)).toBe(SID);
    expect(tokens.issue(SID)).not.toBe(token); // a fresh nonce each time
  });

  it('refuses anything it did not issue: made up, tampered with, or from another secret', () => {
    const [sid, nonce, mac] = tokens.issue(SID).split('.') as [string, string, string];
    const other = '3a1d8e3f-0b5c-4d2f-9a8b-2c3d4e5f6071';
    for (const forged of [
      `${sid}.garbage`,
      `${sid}.${nonce}`,
      `${sid}.${nonce}.${'A'.repeat(mac.length)}`,
      `${sid}.${nonce}x.${mac}`,
      `${other}.${nonce}.${mac}`,
      `${sid}.${nonce}.${mac}=`,
      `${sid}.${nonce}.${mac}.${mac}`,
      `.${nonce}.${mac}`,
      createRefreshTokens('b'.repeat(32)).issue(SID),
    ]) {
      expect(tokens.sessionOf(forged), forged).toBeNull();
    }
  });
});
