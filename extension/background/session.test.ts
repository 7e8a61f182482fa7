/**
 * Tokens go only to the server that issued them. The server address in local storage is the UI's,
 * and a content script the page subverted can rewrite local storage: pointed elsewhere, the
 * background still renews, connects and signs out with the session's own server, an extension
 * page is given no token, and a fetch elsewhere carries none.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignInReply } from '@shared/schemas/auth';
import { authItem, serverUrlItem } from '../lib/storage';
import { accessToken, authorizedFetch, pageAccessToken, refreshNow, sessionServer } from './session';
import { saveSignIn } from './session-store';

const SERVER = 'https://leeway.acme.test';
const EVIL = 'https://collector.evil.test';
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const reply = (n: number): SignInReply => ({
  token: `${b64({ alg: 'HS256' })}.${b64({ sid: 's1', iat: 1000, exp: 1300, n })}.sig`,
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
  refreshToken: `REFRESH-${n}`,
  refreshExpiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
  user: { id: 'u1', tenantId: 't1', tenantName: 'Acme', email: 'agent@acme.test', name: 'Alex Agent', role: 'agent' },
});

const fetched = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>();
beforeEach(async () => {
  fakeBrowser.reset();
  fetched.mockReset();
  vi.stubGlobal('fetch', fetched);
  await serverUrlItem.setValue(SERVER);
  await saveSignIn(reply(1), SERVER);
  // The page's content script rewrites the address in local storage.
  await serverUrlItem.setValue(EVIL);
});
afterEach(() => vi.unstubAllGlobals());

describe('with the address in local storage pointed elsewhere', () => {
  it('renews with the server that issued the tokens', async () => {
    fetched.mockResolvedValue(new Response(JSON.stringify(reply(2)), { status: 200 }));
    expect(await refreshNow()).toBe(reply(2).token);
    expect(fetched.mock.calls.map(([url]) => new URL(url).origin)).toEqual([SERVER]);
    expect(await sessionServer()).toBe(SERVER);
  });

  it('gives an extension page no token, and a fetch elsewhere none either', async () => {
    expect(await accessToken()).toBe(reply(1).token);
    expect(await pageAccessToken()).toBeNull();
    await expect(authorizedFetch(`${EVIL}/v1/helpdesk-hosts`)).rejects.toThrow(/is not the server you signed in to/);
    expect(fetched).not.toHaveBeenCalled();
    // Back at the session's server: as before.
    await serverUrlItem.setValue(SERVER);
    expect(await pageAccessToken()).toBe(reply(1).token);
    fetched.mockResolvedValue(new Response('{}', { status: 200 }));
    await authorizedFetch(`${SERVER}/v1/helpdesk-hosts`);
    expect(fetched.mock.calls[0]![1]?.headers).toMatchObject({ authorization: `Bearer ${reply(1).token}` });
  });

  it('keeps the server with the tokens in session storage', async () => {
    expect(await authItem.getValue()).toMatchObject({ serverUrl: SERVER });
  });
});
