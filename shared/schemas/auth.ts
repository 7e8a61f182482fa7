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

export const SignInReply = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: SessionUser,
});
export type SignInReply = z.infer<typeof SignInReply>;

/** What a signed token carries. Short keys: it travels with every request. */
export const TokenClaims = z.object({ sub: Id, tid: Id, role: Role });
export type TokenClaims = z.infer<typeof TokenClaims>;
