import { z } from 'zod';
import { Email, Id, Role } from './common';

export const SignInBody = z.object({
  email: Email,
  password: z.string().min(1, 'is required').max(1024),
});
export type SignInBody = z.infer<typeof SignInBody>;

export const SessionUser = z.object({
  id: Id,
  tenantId: Id,
  tenantName: z.string(),
  email: Email,
  name: z.string(),
  role: Role,
});
export type SessionUser = z.infer<typeof SessionUser>;

/** What sign-in and refresh answer: a short-lived access token and the refresh token that renews it. */
export const SignInReply = z.object({
  token: z.string(),
  expiresAt: z.string(),
  /** Opaque; valid once: each refresh returns a new one, and presenting a used one ends the session. */
  refreshToken: z.string(),
  /** When the session (the shift) ends: no refresh after this. */
  refreshExpiresAt: z.string(),
  user: SessionUser,
});
export type SignInReply = z.infer<typeof SignInReply>;

export const RefreshBody = z.object({
  refreshToken: z.string({ error: 'is required' }).min(1, 'is required').max(512, 'is too long to be a refresh token'),
});
export type RefreshBody = z.infer<typeof RefreshBody>;

export const SignOutReply = z.object({ signedOut: z.literal(true) });
export type SignOutReply = z.infer<typeof SignOutReply>;

/** What a signed token carries. Short keys: it travels with every request. `sid` names the session it belongs to. */
export const TokenClaims = z.object({ sub: Id, tid: Id, role: Role, sid: Id });
export type TokenClaims = z.infer<typeof TokenClaims>;

/** How the server words an expired access token: the extension refreshes on it rather than signing out. */
export const TOKEN_EXPIRED_MESSAGE = 'Your access token expired: refresh it, or sign in again';
/** How the server words a signed-out session, on REST and on the socket handshake. */
export const SESSION_SIGNED_OUT_MESSAGE = 'Your session was signed out: sign in again';
