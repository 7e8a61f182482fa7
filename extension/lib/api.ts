/** REST calls from extension pages. Errors carry the server's own message, meant for people. */
import type { RefreshBody, SignInBody, SignInReply } from '@shared/schemas/auth';

export async function signIn(serverUrl: string, body: SignInBody): Promise<SignInReply> {
  let res: Response;
  try {
    res = await fetch(`${serverUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error(`Cannot reach the Leeway server at ${serverUrl}. Is the URL right and the server running?`);
  }
  const json = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new Error(json.message ?? `The server answered ${res.status}`);
  return json as SignInReply;
}

/** The server's answer to a refresh: a new pair, or a refusal that means "signed out" (revoked, ended, reused). */
export type RefreshOutcome = { ok: true; reply: SignInReply } | { ok: false; message: string };

/** POST /v1/auth/refresh. Throws only when the server cannot be reached (then the session is kept). */
export async function refreshSession(serverUrl: string, refreshToken: string): Promise<RefreshOutcome> {
  let res: Response;
  try {
    res = await fetch(`${serverUrl}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken } satisfies RefreshBody),
    });
  } catch {
    throw new Error(`Cannot reach the Leeway server at ${serverUrl}`);
  }
  const json = (await res.json().catch(() => ({}))) as SignInReply & { message?: string };
  if (res.ok) return { ok: true, reply: json };
  // 4xx: this refresh token will never work again. 5xx and the like: try again later.
  if (res.status >= 400 && res.status < 500 && res.status !== 429)
    return { ok: false, message: json.message ?? `The server answered ${res.status}` };
  throw new Error(json.message ?? `The server answered ${res.status}`);
}

/** POST /v1/auth/sign-out: ends the session on the server (its tokens and sockets). Best effort. */
export async function signOutSession(serverUrl: string, token: string): Promise<void> {
  await fetch(`${serverUrl}/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
}
