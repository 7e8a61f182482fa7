import { setTimeout as sleep } from 'node:timers/promises';
import type { SignInFailuresRepository } from '../repositories/sign-in-failures';

/**
 * Failed sign-ins allowed per window before further attempts are refused, per OWASP's
 * authentication cheat sheet: guessing is slowed where it comes from, and the account itself is
 * never locked for its owner.
 * - account-address: one account from one address (a person mistyping, or one guesser);
 * - address: one address, whichever accounts (credential stuffing; an office shares one address);
 * - account: one account from everywhere (guessing spread over many addresses). Past its limit,
 *   addresses the account has not signed in from wait a delay that doubles with each failure.
 * An address the account signed in from lately is in good standing for it: only its own
 * account-address count applies, so the owner still gets in while others guess elsewhere.
 */
export const SIGN_IN_LIMITS = {
  'account-address': { limit: 5, windowMs: 15 * 60_000 },
  address: { limit: 20, windowMs: 15 * 60_000 },
  account: { limit: 10, windowMs: 15 * 60_000 },
} as const;
export type Scope = keyof typeof SIGN_IN_LIMITS;
const SCOPES = Object.keys(SIGN_IN_LIMITS) as Scope[];
const LONGEST_WINDOW_MS = Math.max(...SCOPES.map((s) => SIGN_IN_LIMITS[s].windowMs));
/** The account scope's delay: this long after the failure that reaches the limit, doubling with each one after, at most `maxMs`. */
export const ACCOUNT_DELAY = { firstMs: 1000, maxMs: 5 * 60_000 } as const;
/** How long a successful sign-in keeps its address in good standing for that account. */
export const KNOWN_ADDRESS_MS = 30 * 86_400_000;

/**
 * An attempt whose password is still being checked after this long counts as a failure: one
 * whose process died mid-check must not hand out a free try. Far longer than any check takes;
 * also the longest an attempt waits on others in flight before it is refused.
 */
export const IN_FLIGHT_MS = 10_000;
/** How often an attempt waiting on others in flight looks again. */
const POLL_MS = 20;

export interface Throttled {
  scope: Scope;
  retryAfterMs: number;
}

/**
 * How long until `times` (failures inside the window, oldest first) drops under `limit`;
 * 0 when an attempt is allowed now.
 */
export function retryAfterMs(times: number[], limit: number, windowMs: number, now: number): number {
  if (times.length < limit) return 0;
  return Math.max(0, times[times.length - limit]! + windowMs - now);
}

/** The account scope's growing delay after its latest failure; 0 when an attempt is allowed now. */
export function delayAfterMs(times: number[], limit: number, now: number): number {
  if (times.length < limit) return 0;
  const delay = Math.min(ACCOUNT_DELAY.maxMs, ACCOUNT_DELAY.firstMs * 2 ** (times.length - limit));
  return Math.max(0, times.at(-1)! + delay - now);
}

/** "try again in 14 minutes": the wait in words a person reads, rounded up. */
export function throttledMessage(t: Throttled): string {
  const seconds = Math.max(1, Math.ceil(t.retryAfterMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  switch (t.scope) {
    case 'account-address':
      return `Too many failed sign-ins for this account from your network address: try again in ${wait}`;
    case 'address':
      return `Too many failed sign-ins from your network address: try again in ${wait}`;
    case 'account':
      return `Too many failed sign-ins for this account from elsewhere: try again in ${wait}, or from a network you have signed in from before`;
  }
}

/** Per scope, the times (oldest first) of its failures and of its attempts in flight. */
export type History = Record<Scope, { failures: number[]; trying: number[] }>;

export type Verdict = { kind: 'go' } | ({ kind: 'throttled' } & Throttled) | { kind: 'busy'; scope: Scope };

/**
 * Refuse when the failures alone reach a limit (the longest wait among such scopes); wait ('busy')
 * when they reach it only together with attempts in flight, since those that succeed will not
 * count; go ahead otherwise. In-flight attempts older than IN_FLIGHT_MS count as failures.
 * `known`: the address is in good standing for the account, so only the account-address scope applies.
 */
export function judge(history: History, known: boolean, now: number): Verdict {
  let worst: Throttled | null = null;
  let busy: Scope | null = null;
  for (const scope of SCOPES) {
    if (known && scope !== 'account-address') continue;
    const { limit, windowMs } = SIGN_IN_LIMITS[scope];
    const inWindow = (at: number) => at > now - windowMs;
    const stale = (at: number) => at <= now - IN_FLIGHT_MS;
    const { failures, trying } = history[scope];
    const counted = [...failures, ...trying.filter(stale)].filter(inWindow).sort((a, b) => a - b);
    const wait = scope === 'account' ? delayAfterMs(counted, limit, now) : retryAfterMs(counted, limit, windowMs, now);
    if (wait > 0 && (!worst || wait > worst.retryAfterMs)) worst = { scope, retryAfterMs: wait };
    // Past the account scope's limit its delay alone decides, and only an attempt in flight makes the next one wait for it.
    const fresh = trying.filter((at) => !stale(at)).length;
    if (fresh > 0 && counted.length + fresh >= limit) busy ??= scope;
  }
  if (worst) return { kind: 'throttled', ...worst };
  return busy ? { kind: 'busy', scope: busy } : { kind: 'go' };
}

export type Attempt =
  /** Check the password now, then report how it went with failed() or succeeded(). */
  | { kind: 'go'; ids: number[] }
  /** Refused unchecked. */
  | ({ kind: 'throttled' } & Throttled);

/**
 * The throttle over stored rows: "pair:<email>|<ip>", "address:<ip>" and "account:<email>" are
 * failures, "trying:<that key>" attempts whose password is being checked, "known:<email>|<ip>" a
 * successful sign-in (the address's good standing), "throttled:account:<email>" that the account
 * was refused this window (audited once).
 */
export function createSignInThrottle(rows: SignInFailuresRepository) {
  const keys = (email: string, address: string) => {
    const e = email.toLowerCase();
    // An address has no "|", so the last one splits the pair whatever the email holds.
    const failures: Record<Scope, string> = {
      'account-address': `pair:${e}|${address}`,
      address: `address:${address}`,
      account: `account:${e}`,
    };
    const trying = Object.fromEntries(SCOPES.map((s) => [s, `trying:${failures[s]}`])) as Record<Scope, string>;
    return { failures, trying, known: `known:${e}|${address}`, noted: `throttled:account:${e}` };
  };
  const forget = (now: number) => ({ before: now - LONGEST_WINDOW_MS, longer: { prefix: 'known:', before: now - KNOWN_ADDRESS_MS } });

  return {
    /**
     * Counts the attempt before its password is checked, so concurrent guesses take turns
     * under the limits instead of all passing one check; waits while only attempts in flight
     * stand in the way. The same work for known and unknown emails.
     */
    async begin(email: string, address: string): Promise<Attempt> {
      const k = keys(email, address);
      const waitUntil = Date.now() + IN_FLIGHT_MS;
      const read = [...Object.values(k.failures), ...Object.values(k.trying), k.known];
      for (;;) {
        const now = Date.now();
        // Attempts sharing a scope decide in turn (the limits count those); others need not wait.
        const { result, ids } = await rows.decide<Verdict>(read, Object.values(k.failures), now - KNOWN_ADDRESS_MS, now, (times) => {
          const at = (key: string) => times.get(key) ?? [];
          const history = Object.fromEntries(SCOPES.map((s) => [s, { failures: at(k.failures[s]), trying: at(k.trying[s]) }])) as History;
          const verdict = judge(history, at(k.known).length > 0, now);
          return { result: verdict, add: verdict.kind === 'go' ? Object.values(k.trying) : [] };
        });
        if (result.kind === 'go') return { kind: 'go', ids };
        if (result.kind === 'throttled') return result;
        // Refused rather than kept waiting without end (attempts keep arriving as fast as they leave).
        if (now >= waitUntil) return { kind: 'throttled', scope: result.scope, retryAfterMs: 1000 };
        await sleep(POLL_MS);
      }
    },

    /**
     * Notes a refusal of the account; the first in a window also runs `record` (its audit entry) in
     * the note's transaction, so of many concurrent refusals, in any process, exactly one is recorded.
     */
    async noteThrottled(email: string, record: () => Promise<void>): Promise<boolean> {
      const now = Date.now();
      return rows.once(keys(email, '').noted, now - LONGEST_WINDOW_MS, now, record);
    },

    /** A wrong password: the attempt becomes a failure of each scope. */
    async failed(attempt: Extract<Attempt, { kind: 'go' }>, email: string, address: string): Promise<void> {
      const now = Date.now();
      await rows.swap(attempt.ids, [], Object.values(keys(email, address).failures), now, forget(now));
    },

    /**
     * A correct password: the attempt leaves no failure, so sign-ins never count against an
     * address (many people share one); this account's failures from this address are cleared, and
     * the address is in good standing for it from now on. Failures from elsewhere stay: the owner
     * signing in must not hand a guesser elsewhere a fresh allowance. So does the note that the
     * account's refusal was audited this window: the guesser's next refusal is the same story.
     */
    async succeeded(attempt: Extract<Attempt, { kind: 'go' }>, email: string, address: string): Promise<void> {
      const k = keys(email, address);
      const now = Date.now();
      await rows.swap(attempt.ids, [k.failures['account-address'], k.known], [k.known], now, forget(now));
    },
  };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
