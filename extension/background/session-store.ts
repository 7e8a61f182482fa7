/**
 * Writing and clearing a sign-in, in one place. Only the background calls these: the options page
 * signs in by asking the background, which refreshes and signs out too. Tokens go to session
 * storage (`authItem`), the account the UI shows to local storage (`accountItem`).
 */
import { browser } from 'wxt/browser';
import type { SignInReply } from '@shared/schemas/auth';
import { accountItem, authItem, LEGACY_TOKEN_KEYS, serverUrlItem, signedOutReasonItem, type Auth } from '../lib/storage';

/** The claims we use from an access token, read without verifying (the server verifies; we only plan). */
function claims(token: string): { sid?: string; iat?: number; exp?: number } {
  try {
    return JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sid?: string; iat?: number; exp?: number };
  } catch {
    return {};
  }
}

function authOf(reply: Pick<SignInReply, 'token' | 'expiresAt' | 'refreshToken' | 'refreshExpiresAt'>, serverUrl: string): Auth {
  const c = claims(reply.token);
  // The token's lifetime by the server's clock, counted from now by ours: clock skew does not matter.
  const lifetime = c.iat && c.exp ? (c.exp - c.iat) * 1000 : Date.parse(reply.expiresAt) - Date.now();
  return {
    serverUrl,
    token: reply.token,
    expiresAt: reply.expiresAt,
    refreshAt: Date.now() + Math.max(0, lifetime) * 0.75,
    refreshToken: reply.refreshToken,
    refreshExpiresAt: reply.refreshExpiresAt,
    sid: c.sid,
  };
}

/**
 * Stores a sign-in or refresh reply from `serverUrl`. The tokens first: the background reconnects when the
 * account changes and must find the tokens that go with it. A refresh leaves the account as it is.
 */
export async function saveSignIn(reply: SignInReply, serverUrl: string): Promise<Auth> {
  const auth = authOf(reply, serverUrl);
  await authItem.setValue(auth);
  await signedOutReasonItem.setValue(null);
  const prev = await accountItem.getValue();
  if (prev?.user.id !== reply.user.id || prev.sid !== auth.sid || JSON.stringify(prev.user) !== JSON.stringify(reply.user)) {
    await accountItem.setValue({ user: reply.user, sid: auth.sid });
  }
  return auth;
}

/** Forgets the sign-in; `reason` is shown on the sign-in form when the user did not ask for it. */
export async function clearSignIn(reason: string | null = null): Promise<void> {
  await signedOutReasonItem.setValue(reason);
  await authItem.setValue(null);
  await accountItem.setValue(null);
}

/**
 * Session storage is for trusted contexts only. Chrome's default already, set explicitly so a
 * future default or another call cannot widen it; Firefox never exposes session storage to
 * content scripts and may lack setAccessLevel.
 */
export async function restrictSessionStorage(): Promise<void> {
  const session = browser.storage.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } | undefined;
  await session?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => {});
}

/**
 * Run once when the background starts, before it answers anyone:
 * - tokens an older version left in local storage move to session storage (the sign-in survives
 *   the update) and are removed from local storage;
 * - an account with no tokens means the browser was restarted (session storage is gone): the
 *   agent is signed out, with the reason on the sign-in form.
 */
export async function prepareSignInStorage(): Promise<void> {
  await restrictSessionStorage();
  const keys: string[] = [...LEGACY_TOKEN_KEYS];
  const raw: Record<string, unknown> = await browser.storage.local.get(keys);
  const legacy = raw as {
    session?: { token?: string; expiresAt?: string; user?: SignInReply['user'] } | null;
    refresh?: { refreshToken?: string; refreshExpiresAt?: string } | null;
  };
  if (Object.values(legacy).some((v) => v != null)) {
    const { session, refresh } = legacy;
    if (
      session?.token &&
      session.expiresAt &&
      session.user &&
      refresh?.refreshToken &&
      refresh.refreshExpiresAt &&
      !(await authItem.getValue())
    ) {
      await saveSignIn(
        {
          token: session.token,
          expiresAt: session.expiresAt,
          user: session.user,
          refreshToken: refresh.refreshToken,
          refreshExpiresAt: refresh.refreshExpiresAt,
        } as SignInReply,
        // The server the version before signed in to, as it stood when it stored these tokens.
        await serverUrlItem.getValue(),
      );
    }
    await browser.storage.local.remove(keys);
  }
  const [account, auth] = await Promise.all([accountItem.getValue(), authItem.getValue()]);
  if (account && !auth) await clearSignIn('Leeway signs you out when the browser closes: sign in again');
}
