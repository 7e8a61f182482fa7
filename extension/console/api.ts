/** REST calls from the console with a current access token; errors carry the server's message. */
import { browser } from 'wxt/browser';
import { TOKEN_EXPIRED_MESSAGE } from '@shared/schemas/auth';
import type { PageToBackground } from '../lib/messages';
import { serverUrlItem } from '../lib/storage';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A current access token from the background, which alone holds the refresh token; null when signed out. */
const accessToken = (force = false) =>
  browser.runtime.sendMessage({ type: 'access-token', force } satisfies PageToBackground) as Promise<string | null>;
const NOT_SIGNED_IN = 'Not signed in: open the extension options and sign in.';

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const server = await serverUrlItem.getValue();
  const send = async (token: string | null) => {
    if (!token) throw new ApiError(401, NOT_SIGNED_IN);
    try {
      return await fetch(`${server}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
      });
    } catch {
      throw new ApiError(0, `Cannot reach the Leeway server at ${server}.`);
    }
  };
  let res = await send(await accessToken());
  // Expired in between: renew once and try again. Any other 401 is final.
  if (
    res.status === 401 &&
    (
      (await res
        .clone()
        .json()
        .catch(() => ({}))) as { message?: string }
    ).message === TOKEN_EXPIRED_MESSAGE
  )
    res = await send(await accessToken(true));
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(
      res.status,
      res.status === 403
        ? `Not allowed: ${body.message ?? 'your role may not see this'}`
        : (body.message ?? `The server answered ${res.status}`),
    );
  }
  return res;
}

export const get = async <T>(path: string): Promise<T> => (await request(path)).json() as Promise<T>;
export const send = async <T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T> =>
  (await request(path, { method, body: JSON.stringify(body ?? {}) })).json() as Promise<T>;

/** Fetches a CSV with the token and hands it to the browser as a download. */
export async function downloadCsv(path: string, name: string): Promise<void> {
  const blob = await (await request(path)).blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${name}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
