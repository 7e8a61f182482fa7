/** REST calls from the console with the stored session token; errors carry the server's message. */
import { serverUrlItem, sessionItem } from '../lib/storage';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const [server, session] = await Promise.all([serverUrlItem.getValue(), sessionItem.getValue()]);
  if (!session) throw new ApiError(401, 'Not signed in: open the extension options and sign in.');
  let res: Response;
  try {
    res = await fetch(`${server}${path}`, { ...init, headers: { authorization: `Bearer ${session.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });
  } catch {
    throw new ApiError(0, `Cannot reach the Leeway server at ${server}.`);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(res.status, res.status === 403 ? `Not allowed: ${body.message ?? 'your role may not see this'}` : (body.message ?? `The server answered ${res.status}`));
  }
  return res;
}

export const get = async <T,>(path: string): Promise<T> => (await request(path)).json() as Promise<T>;
export const send = async <T,>(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T> => (await request(path, { method, body: JSON.stringify(body ?? {}) })).json() as Promise<T>;

/** Fetches a CSV with the token and hands it to the browser as a download. */
export async function downloadCsv(path: string, name: string): Promise<void> {
  const blob = await (await request(path)).blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${name}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
