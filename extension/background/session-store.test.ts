/**
 * Where the sign-in lives: tokens in session storage (trusted contexts only), never in local
 * storage, which every content script can read; what the UI shows (who is signed in) in local.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignInReply } from '@shared/schemas/auth';
import { clearSignIn, prepareSignInStorage, restrictSessionStorage, saveSignIn } from './session-store';
import { accountItem, authItem, signedOutReasonItem } from '../lib/storage';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object) => `${b64({ alg: 'HS256' })}.${b64(claims)}.sig`;
const user = { id: 'u1', tenantId: 't1', tenantName: 'Acme', email: 'agent@acme.test', name: 'Alex Agent', role: 'agent' as const };
const reply = (n = 1): SignInReply => ({
  token: jwt({ sid: 's1', iat: 1000, exp: 1300, n }),
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
  refreshToken: `REFRESH-${n}-SECRET`,
  refreshExpiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
  user,
});
const SERVER = 'https://leeway.acme.test';
const everything = async (area: 'local' | 'session') => JSON.stringify(await fakeBrowser.storage[area].get(null));

beforeEach(() => fakeBrowser.reset());

describe('a sign-in', () => {
  it('keeps its tokens in session storage only; local storage says who, never a token', async () => {
    const r = reply();
    await saveSignIn(r, SERVER);
    const local = await everything('local');
    expect(local).not.toContain(r.token);
    expect(local).not.toContain(r.refreshToken);
    expect(local).not.toMatch(/token/i);
    expect(await accountItem.getValue()).toEqual({ user, sid: 's1' });
    expect(await authItem.getValue()).toMatchObject({ token: r.token, refreshToken: r.refreshToken, sid: 's1' });
    const session = await everything('session');
    expect(session).toContain(r.refreshToken);
  });

  it('a renewal changes the tokens, not the account (no reconnect for a renewal)', async () => {
    await saveSignIn(reply(1), SERVER);
    const seen = vi.fn();
    const unwatch = accountItem.watch(seen);
    await saveSignIn(reply(2), SERVER);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).not.toHaveBeenCalled();
    expect((await authItem.getValue())!.refreshToken).toBe('REFRESH-2-SECRET');
    unwatch();
  });

  it('signing out forgets both, and keeps the reason for the form', async () => {
    await saveSignIn(reply(), SERVER);
    await clearSignIn('Your session was signed out: sign in again');
    expect(await authItem.getValue()).toBeNull();
    expect(await accountItem.getValue()).toBeNull();
    expect(await signedOutReasonItem.getValue()).toBe('Your session was signed out: sign in again');
    expect(await everything('session')).not.toContain('SECRET');
  });
});

describe('when the background starts', () => {
  it('moves tokens an older version left in local storage into session storage, and removes them', async () => {
    const r = reply(7);
    await fakeBrowser.storage.local.set({
      session: { token: r.token, expiresAt: r.expiresAt, user, sid: 's1', refreshAt: Date.now() + 1000 },
      refresh: { refreshToken: r.refreshToken, refreshExpiresAt: r.refreshExpiresAt },
      serverUrl: 'http://127.0.0.1:4000',
    });
    await prepareSignInStorage();
    const local = await everything('local');
    expect(local).not.toContain(r.token);
    expect(local).not.toContain(r.refreshToken);
    expect(await fakeBrowser.storage.local.get('serverUrl')).toEqual({ serverUrl: 'http://127.0.0.1:4000' });
    expect((await authItem.getValue())!.refreshToken).toBe(r.refreshToken);
    expect(await accountItem.getValue()).toEqual({ user, sid: 's1' });
  });

  it('signs out, saying why, when the browser restarted (account kept, tokens gone with the session)', async () => {
    await saveSignIn(reply(), SERVER);
    await fakeBrowser.storage.session.clear(); // what a browser restart does
    await prepareSignInStorage();
    expect(await accountItem.getValue()).toBeNull();
    expect(await signedOutReasonItem.getValue()).toMatch(/signs you out when the browser closes/);
  });

  it('keeps a sign-in across a service worker restart (session storage survives it)', async () => {
    await saveSignIn(reply(), SERVER);
    await prepareSignInStorage();
    expect(await accountItem.getValue()).not.toBeNull();
    expect(await authItem.getValue()).not.toBeNull();
  });

  it('restricts session storage to trusted contexts where the browser can say so', async () => {
    const setAccessLevel = vi.fn(async () => {});
    (fakeBrowser.storage.session as unknown as { setAccessLevel: unknown }).setAccessLevel = setAccessLevel;
    await restrictSessionStorage();
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    // Firefox (no setAccessLevel; session storage is never exposed to content scripts there) and a refusal: no throw.
    (fakeBrowser.storage.session as unknown as { setAccessLevel: unknown }).setAccessLevel = undefined;
    await expect(restrictSessionStorage()).resolves.toBeUndefined();
    (fakeBrowser.storage.session as unknown as { setAccessLevel: unknown }).setAccessLevel = vi.fn(async () =>
      Promise.reject(new Error('nope')),
    );
    await expect(restrictSessionStorage()).resolves.toBeUndefined();
  });
});
