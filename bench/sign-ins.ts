/**
 * Sign-ins for many bench sockets. The server caps the sockets one sign-in may hold
 * (LEEWAY_SOCKETS_PER_SESSION, 10 by default), as it does for a real agent, so a bench that
 * stands in for hundreds of agents signs in once per group of sockets rather than raising the cap.
 */
export const SOCKETS_PER_SIGN_IN = 10;

export async function signIn(url: string, email = 'agent@acme.test'): Promise<string> {
  const res = await fetch(`${url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'leeway-demo' }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Returns the token for socket i, signing in again at every SOCKETS_PER_SIGN_IN-th socket. */
export function tokenPerGroup(url: string): (i: number) => Promise<string> {
  const tokens = new Map<number, Promise<string>>();
  return (i) => {
    const group = Math.floor(i / SOCKETS_PER_SIGN_IN);
    if (!tokens.has(group)) tokens.set(group, signIn(url));
    return tokens.get(group)!;
  };
}
