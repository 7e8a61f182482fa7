import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Refresh tokens we recognise as our own without a lookup: `<session id>.<nonce>.<mac>`, the mac
 * an HMAC-SHA256 of `<session id>.<nonce>` under a key derived from the JWT secret. A session id
 * is no secret (it is in every access token and in the audit log), so a token that merely names
 * a session proves nothing; one whose mac holds was issued by us.
 */
export function createRefreshTokens(secret: string) {
  // Its own key, not the JWT secret itself: a mac here can never pass for a JWT signature, nor the reverse.
  const key = Buffer.from(hkdfSync('sha256', secret, '', 'leeway refresh token v1', 32));
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url');

  return {
    issue(sessionId: string): string {
      const body = `${sessionId}.${randomBytes(32).toString('base64url')}`;
      return `${body}.${mac(body)}`;
    },

    /** The session a token names if we issued it; null for a guess, a forgery or a malformed token. */
    sessionOf(token: string): string | null {
      const parts = token.split('.');
      if (parts.length !== 3 || !parts[0]) return null;
      // Compared as text, not decoded bytes: base64url decoding forgives stray characters, so two spellings could share one mac.
      const expected = Buffer.from(mac(`${parts[0]}.${parts[1]}`));
      const given = Buffer.from(parts[2]!);
      return given.length === expected.length && timingSafeEqual(given, expected) ? parts[0] : null;
    },
  };
}
export type RefreshTokens = ReturnType<typeof createRefreshTokens>;
