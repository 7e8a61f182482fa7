import { useEffect, useState } from 'preact/hooks';
import { signIn } from '../../lib/api';
import { serverUrlItem, sessionItem, type Session } from '../../lib/storage';
import { Helpdesks } from './Helpdesks';

export function SignIn() {
  const [serverUrl, setServerUrl] = useState('');
  const [session, setSession] = useState<Session | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void serverUrlItem.getValue().then(setServerUrl);
    void sessionItem.getValue().then(setSession);
    return sessionItem.watch(setSession);
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const url = serverUrl.replace(/\/+$/, '');
      const reply = await signIn(url, { email, password });
      await serverUrlItem.setValue(url);
      await sessionItem.setValue(reply);
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
          <button type="button" onClick={() => void sessionItem.setValue(null)}>
            Sign out
          </button>
        </section>
      ) : null}
      {session ? (
        <Helpdesks />
      ) : (
        <form onSubmit={submit}>
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
