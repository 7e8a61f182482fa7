/**
 * The background's hold on the sign-in: hands out a current access token, renews it with the
 * refresh token before it expires (and whenever the server says it expired), and signs out.
 * Only this module reads the refresh token. Refreshes are single-flight: two at once would
 * present the same single-use token twice, which the server takes for theft.
 */
import { TOKEN_EXPIRED_MESSAGE } from '../../shared/schemas/auth';
import { refreshSession, signOutSession } from '../lib/api';
import { clearSignIn, saveSignIn } from '../lib/session-store';
import { refreshItem, serverUrlItem, sessionItem } from '../lib/storage';

let inflight: Promise<string | null> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Renews now. Resolves to the new access token, or null when the session is over (storage is then cleared). */
export function refreshNow(): Promise<string | null> {
  inflight ??= doRefresh().finally(() => (inflight = null));
  return inflight;
}

async function doRefresh(): Promise<string | null> {
  const [serverUrl, stored] = await Promise.all([serverUrlItem.getValue(), refreshItem.getValue()]);
  if (!stored) {
    // A session stored without its refresh token (an older version of the extension) cannot be renewed.
    if (await sessionItem.getValue()) await clearSignIn('Your session has ended: sign in again');
    return null;
  }
  const outcome = await refreshSession(serverUrl, stored.refreshToken);
  // Signed out or signed in afresh while we waited: this answer belongs to a session that is gone.
  if ((await refreshItem.getValue())?.refreshToken !== stored.refreshToken) return (await sessionItem.getValue())?.token ?? null;
  if (!outcome.ok) {
    await clearSignIn(outcome.message);
    return null;
  }
  return (await saveSignIn(outcome.reply)).token;
}

/**
 * An access token to use now: the stored one while it is fresh, else a renewed one. If the
 * server cannot be reached to renew, the stored one (the caller's request will say why it failed).
 */
export async function accessToken(opts: { force?: boolean } = {}): Promise<string | null> {
  const session = await sessionItem.getValue();
  if (!session) return null;
  const due = session.refreshAt ?? Date.parse(session.expiresAt) - 30_000;
  if (!opts.force && Date.now() < due) return session.token;
  try {
    return await refreshNow();
  } catch {
    return (await sessionItem.getValue())?.token ?? null;
  }
}

/** fetch with the access token; on a 401 "expired", renews once and tries again. */
export async function authorizedFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const send = (token: string | null) => fetch(url, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
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

/** Ends the session on the server (so its sockets close), then forgets it here. */
export async function signOut(): Promise<void> {
  const [serverUrl, token] = await Promise.all([serverUrlItem.getValue(), accessToken().catch(() => null)]);
  if (token) await signOutSession(serverUrl, token);
  await clearSignIn();
}

/** Renews ahead of expiry while the background runs; on a restart `accessToken()` catches up. */
export function scheduleRefresh(): void {
  clearTimeout(timer);
  void sessionItem.getValue().then((session) => {
    if (!session?.refreshAt) return;
    timer = setTimeout(() => void refreshNow().catch(() => setTimeout(scheduleRefresh, 15_000)), Math.max(0, session.refreshAt - Date.now()));
  });
}
