/** REST calls from extension pages. Errors carry the server's own message, meant for people. */
import type { SignInBody, SignInReply } from '../../shared/schemas/auth';

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
