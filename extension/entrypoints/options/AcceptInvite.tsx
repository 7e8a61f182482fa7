import { useState } from 'preact/hooks';
import type { ErrorBody } from '@shared/schemas/common';
import type { AcceptInviteReply } from '@shared/schemas/users';
import { useInFlight } from '../../lib/in-flight';

/**
 * For someone an admin invited: they set their password with the one-time token they were sent,
 * then sign in above like anyone. Talks to the server directly: no session is involved yet.
 */
export function AcceptInvite({ serverUrl, onAccepted }: { serverUrl: string; onAccepted: (email: string) => void }) {
  const [token, setToken] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, run, pending } = useInFlight();

  function submit(e: Event) {
    e.preventDefault();
    if (password !== again) return setError('The two passwords differ: type the same one twice.');
    void run(accept);
  }

  async function accept() {
    setError(null);
    try {
      const res = await fetch(`${serverUrl.replace(/\/+$/, '')}/v1/users/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token.trim(), password }),
      }).catch(() => {
        throw new Error(`Cannot reach the Leeway server at ${serverUrl}: check the server URL above.`);
      });
      const body = (await res.json().catch(() => ({}))) as Partial<AcceptInviteReply & ErrorBody>;
      if (!res.ok) throw new Error(body.message ?? `The server answered ${res.status}`);
      setDone(`Your password is set, ${body.email}: sign in above with it.`);
      setToken('');
      setPassword('');
      setAgain('');
      onAccepted(body.email ?? '');
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <details class="accept-invite">
      <summary>I have an invitation</summary>
      <form onSubmit={submit}>
        <label>
          Invitation token
          <input name="inviteToken" required autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>
        <label>
          New password (at least 12 characters)
          <input
            name="newPassword"
            type="password"
            autocomplete="new-password"
            minLength={12}
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          The same password again
          <input
            name="newPasswordAgain"
            type="password"
            autocomplete="new-password"
            required
            value={again}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <p class="note" role="status">
          {done ?? 'The server URL above is where your admin invited you.'}
        </p>
        <button type="submit" {...pending}>
          {busy ? 'Setting…' : 'Set my password'}
        </button>
      </form>
    </details>
  );
}
