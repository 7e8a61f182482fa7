import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { BackgroundRequest } from '../../background/requests';
import { accountItem, signedOutReasonItem, type Account } from '../../lib/storage';
import { useInFlight } from '../../lib/in-flight';
import { serverUrlOrBuiltIn } from '../../popup/built-in-server';
import { AcceptInvite } from './AcceptInvite';
import { Helpdesks } from './Helpdesks';
import { SignedIn } from './SignedIn';

/**
 * Signing in and out go through the background: the tokens the server answers with never enter
 * this page; the background keeps them in session storage, out of content scripts' reach.
 */
const ask = <T,>(msg: BackgroundRequest) => browser.runtime.sendMessage(msg) as Promise<T>;

export function SignIn() {
  const [serverUrl, setServerUrl] = useState('');
  const [session, setSession] = useState<Account | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { busy, run, pending } = useInFlight();
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);
  /** Until storage answers, no form: one typed into now would be overwritten, or be the wrong one (signed in after all). */
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    // Prefilled with the server this build was made for, until the user signs in to another.
    void Promise.all([serverUrlOrBuiltIn(), accountItem.getValue(), signedOutReasonItem.getValue()]).then(([url, account, reason]) => {
      setServerUrl(url);
      setSession(account);
      setSignedOutReason(reason);
      setLoaded(true);
    });
    const unwatch = [accountItem.watch(setSession), signedOutReasonItem.watch(setSignedOutReason)];
    return () => unwatch.forEach((u) => u());
  }, []);

  /** The background ends the session on the server (closing its sockets), then forgets it. Answers what went wrong, if anything. */
  async function signOut(): Promise<string | null> {
    const done = await ask<boolean>({ type: 'sign-out' }).catch(() => false);
    return done ? null : 'Could not sign out: reload this page and try again.';
  }

  function submit(e: Event) {
    e.preventDefault();
    void run(async () => {
      setError(null);
      try {
        const answer = await ask<{ ok: true } | { ok: false; error: string }>({ type: 'sign-in', serverUrl, email, password });
        if (!answer.ok) throw new Error(answer.error);
        setPassword('');
      } catch (err) {
        setError((err as Error).message);
      }
    });
  }

  if (!loaded)
    return (
      <main aria-busy="true">
        <h1>Leeway</h1>
      </main>
    );
  return (
    <main>
      <h1>Leeway</h1>
      {session ? <SignedIn session={session} serverUrl={serverUrl} onSignOut={signOut} /> : null}
      {session ? (
        <Helpdesks admin={session.user.role === 'admin'} />
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
            <input
              name="email"
              type="email"
              autocomplete="username"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" {...pending}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      {!session && <AcceptInvite serverUrl={serverUrl} onAccepted={setEmail} />}
    </main>
  );
}
