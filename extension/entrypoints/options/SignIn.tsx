import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { signIn } from '../../lib/api';
import type { PageToBackground } from '../../lib/messages';
import { clearSignIn, saveSignIn } from '../../lib/session-store';
import { serverUrlItem, sessionItem, signedOutReasonItem, type Session } from '../../lib/storage';
import { Helpdesks } from './Helpdesks';

export function SignIn() {
  const [serverUrl, setServerUrl] = useState('');
  const [session, setSession] = useState<Session | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);

  useEffect(() => {
    void serverUrlItem.getValue().then(setServerUrl);
    void sessionItem.getValue().then(setSession);
    void signedOutReasonItem.getValue().then(setSignedOutReason);
    const unwatch = [sessionItem.watch(setSession), signedOutReasonItem.watch(setSignedOutReason)];
    return () => unwatch.forEach((u) => u());
  }, []);

  /** The background ends the session on the server (closing its sockets), then forgets it. */
  async function signOut() {
    const done = await browser.runtime.sendMessage({ type: 'sign-out' } satisfies PageToBackground).catch(() => false);
    if (!done) await clearSignIn();
  }

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const url = serverUrl.replace(/\/+$/, '');
      const reply = await signIn(url, { email, password });
      await serverUrlItem.setValue(url);
      await saveSignIn(reply);
      setPassword('');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main>
      <h1>Leeway</h1>
      {session ? (
        <section class="signed-in" data-testid="signed-in">
          <p>
            Signed in as <strong>{session.user.name}</strong> ({session.user.role}) at {session.user.tenantName}, on {serverUrl}.
          </p>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </section>
      ) : null}
      {session ? (
        <Helpdesks />
      ) : (
        <form onSubmit={submit}>
          {signedOutReason && (
            <p class="note" data-testid="signed-out-reason">
              {signedOutReason}
            </p>
          )}
          <label>
            Server URL
            <input name="serverUrl" type="url" required value={serverUrl} onInput={(e) => setServerUrl(e.currentTarget.value)} />
          </label>
          <label>
            Email
            <input name="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label>
            Password
            <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </main>
  );
}
