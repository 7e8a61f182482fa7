/**
 * The background's hold on the sign-in: hands out a current access token, renews it with the
 * refresh token before it expires (and whenever the server says it expired), and signs out.
 * Only this module reads the tokens (session storage, `authItem`); extension pages ask it through
 * a message (background/requests.ts). Refreshes are single-flight: two at once would present the
 * same single-use token twice, which the server takes for theft.
 */
import { TOKEN_EXPIRED_MESSAGE } from '@shared/schemas/auth';
import type { SignInBody } from '@shared/schemas/auth';
import { refreshSession, signIn as signInRequest, signOutSession } from '../lib/api';
import { clearSignIn, saveSignIn } from './session-store';
import { accountItem, authItem, serverUrlItem } from '../lib/storage';

let inflight: Promise<string | null> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Renews now. Resolves to the new access token, or null when the session is over (storage is then cleared). */
export function refreshNow(): Promise<string | null> {
  inflight ??= doRefresh().finally(() => (inflight = null));
  return inflight;
}

async function doRefresh(): Promise<string | null> {
  const stored = await authItem.getValue();
  if (!stored) {
    // Signed in on the UI's side but no tokens (the browser restarted and session storage is gone).
    if (await accountItem.getValue()) await clearSignIn('Your session has ended: sign in again');
    return null;
  }
  const outcome = await refreshSession(stored.serverUrl, stored.refreshToken);
  // Signed out or signed in afresh while we waited: this answer belongs to a session that is gone.
  if ((await authItem.getValue())?.refreshToken !== stored.refreshToken) return (await authItem.getValue())?.token ?? null;
  if (!outcome.ok) {
    await clearSignIn(outcome.message);
    return null;
  }
  return (await saveSignIn(outcome.reply, stored.serverUrl)).token;
}

/**
 * An access token to use now: the stored one while it is fresh, else a renewed one. If the
 * server cannot be reached to renew, the stored one (the caller's request will say why it failed).
 */
export async function accessToken(opts: { force?: boolean } = {}): Promise<string | null> {
  const auth = await authItem.getValue();
  if (!auth) return null;
  if (!opts.force && Date.now() < auth.refreshAt) return auth.token;
  try {
    return await refreshNow();
  } catch {
    return (await authItem.getValue())?.token ?? null;
  }
}

/**
 * The server the signed-in session belongs to, or null when signed out. Tokens go there and
 * nowhere else: the server address in local storage is the UI's, and a content script the page
 * subverted could point it elsewhere.
 */
export const sessionServer = async (): Promise<string | null> => (await authItem.getValue())?.serverUrl ?? null;

/** Where the background talks to: the session's server while signed in, else the address the user gave. */
export const apiServer = async (): Promise<string> => (await sessionServer()) ?? serverUrlItem.getValue();

const sameOrigin = (a: string | URL, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

/**
 * An access token for an extension page, which sends it to the server address it reads from local
 * storage: none unless that is the session's server (the page reads the address first, then asks).
 */
export async function pageAccessToken(opts: { force?: boolean } = {}): Promise<string | null> {
  const [server, local] = await Promise.all([sessionServer(), serverUrlItem.getValue()]);
  return server && sameOrigin(local, server) ? accessToken(opts) : null;
}

/** fetch with the access token (only to the session's server); on a 401 "expired", renews once and tries again. */
export async function authorizedFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const server = await sessionServer();
  if (server && !sameOrigin(url, server))
    throw new Error(`Not sent: ${new URL(url).origin} is not the server you signed in to (${new URL(server).origin}). Sign in again.`);
  const send = (token: string | null) =>
    fetch(url, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  const res = await send(await accessToken());
  if (res.status !== 401 || !(await isExpired(res.clone()))) return res;
  return send(await accessToken({ force: true }));
}

/** Whether a 401 says the access token expired (renewable), as opposed to a session that ended. */
export async function isExpired(res: Response): Promise<boolean> {
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return isExpiredMessage(body.message ?? '');
}
export const isExpiredMessage = (message: string) => message === TOKEN_EXPIRED_MESSAGE;

/** Signs in with the user's credentials and stores the reply; throws with the server's message. */
export async function signIn(serverUrl: string, body: SignInBody): Promise<void> {
  const url = serverUrl.replace(/\/+$/, '');
  const reply = await signInRequest(url, body);
  await serverUrlItem.setValue(url);
  await saveSignIn(reply, url);
}

/** Ends the session on the server (so its sockets close), then forgets it here. */
export async function signOut(): Promise<void> {
  const [serverUrl, token] = await Promise.all([sessionServer(), accessToken().catch(() => null)]);
  if (serverUrl && token) await signOutSession(serverUrl, token);
  await clearSignIn();
}

/** Renews ahead of expiry while the background runs; on a restart `accessToken()` catches up. */
export function scheduleRefresh(): void {
  clearTimeout(timer);
  void authItem.getValue().then((auth) => {
    if (!auth) return;
    timer = setTimeout(() => void refreshNow().catch(() => setTimeout(scheduleRefresh, 15_000)), Math.max(0, auth.refreshAt - Date.now()));
  });
}
