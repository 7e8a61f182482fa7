/** Writing and clearing a sign-in, in one place: the options page signs in, the background refreshes and signs out. */
import type { SignInReply } from '../../shared/schemas/auth';
import { refreshItem, sessionItem, signedOutReasonItem, type Session } from './storage';

/** The claims we use from an access token, read without verifying (the server verifies; we only plan). */
function claims(token: string): { sid?: string; iat?: number; exp?: number } {
  try {
    return JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sid?: string; iat?: number; exp?: number };
  } catch {
    return {};
  }
}

/**
 * Stores a sign-in or refresh reply. The refresh token first: the background reconnects when
 * the session item changes and must find the refresh token that goes with it.
 */
export async function saveSignIn(reply: SignInReply): Promise<Session> {
  const c = claims(reply.token);
  // The token's lifetime by the server's clock, counted from now by ours: clock skew does not matter.
  const lifetime = c.iat && c.exp ? (c.exp - c.iat) * 1000 : Date.parse(reply.expiresAt) - Date.now();
  const session: Session = { token: reply.token, expiresAt: reply.expiresAt, user: reply.user, sid: c.sid, refreshAt: Date.now() + Math.max(0, lifetime) * 0.75 };
  await refreshItem.setValue({ refreshToken: reply.refreshToken, refreshExpiresAt: reply.refreshExpiresAt });
  await signedOutReasonItem.setValue(null);
  await sessionItem.setValue(session);
  return session;
}

/** Forgets the sign-in; `reason` is shown on the sign-in form when the user did not ask for it. */
export async function clearSignIn(reason: string | null = null): Promise<void> {
  await signedOutReasonItem.setValue(reason);
  await sessionItem.setValue(null);
  await refreshItem.setValue(null);
}
