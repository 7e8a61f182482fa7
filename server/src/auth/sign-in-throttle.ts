import { setTimeout as sleep } from 'node:timers/promises';
import type { SignInFailuresRepository } from '../repositories/sign-in-failures';

/**
 * Failed sign-ins allowed per window before further attempts are refused: few per account
 * (guessing one person's password), more per address (an office shares one address).
 */
export const SIGN_IN_LIMITS = {
  account: { limit: 5, windowMs: 15 * 60_000 },
  address: { limit: 20, windowMs: 15 * 60_000 },
} as const;
type Scope = keyof typeof SIGN_IN_LIMITS;
const SCOPES = Object.keys(SIGN_IN_LIMITS) as Scope[];
const LONGEST_WINDOW_MS = Math.max(...SCOPES.map((s) => SIGN_IN_LIMITS[s].windowMs));

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

/** "try again in 14 minutes": the wait in words a person reads, rounded up. */
export function throttledMessage(t: Throttled): string {
  const seconds = Math.max(1, Math.ceil(t.retryAfterMs / 1000));
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;
  const what = t.scope === 'account' ? 'for this account' : 'from your network address';
  return `Too many failed sign-ins ${what}: try again in ${wait}`;
}

/** Per scope, the times (oldest first) of its failures and of its attempts in flight. */
export type History = Record<Scope, { failures: number[]; trying: number[] }>;

export type Verdict = { kind: 'go' } | ({ kind: 'throttled' } & Throttled) | { kind: 'busy'; scope: Scope };

/**
 * Refuse when the failures alone reach a limit (the longest wait among such scopes); wait ('busy')
 * when they reach it only together with attempts in flight, since those that succeed will not
 * count; go ahead otherwise. In-flight attempts older than IN_FLIGHT_MS count as failures.
 */
export function judge(history: History, now: number): Verdict {
  let worst: Throttled | null = null;
  let busy: Scope | null = null;
  for (const scope of SCOPES) {
    const { limit, windowMs } = SIGN_IN_LIMITS[scope];
    const inWindow = (at: number) => at > now - windowMs;
    const stale = (at: number) => at <= now - IN_FLIGHT_MS;
    const { failures, trying } = history[scope];
    const counted = [...failures, ...trying.filter(stale)].filter(inWindow).sort((a, b) => a - b);
    const wait = retryAfterMs(counted, limit, windowMs, now);
    if (wait > 0 && (!worst || wait > worst.retryAfterMs)) worst = { scope, retryAfterMs: wait };
    if (counted.length + trying.filter((at) => !stale(at)).length >= limit) busy ??= scope;
  }
  if (worst) return { kind: 'throttled', ...worst };
  return busy ? { kind: 'busy', scope: busy } : { kind: 'go' };
}

export type Attempt =
  /** Check the password now, then report how it went with failed() or succeeded(). */
  | { kind: 'go'; ids: number[] }
  /** Refused unchecked. `first`: the account's first refusal this window (audit it; later ones are not). */
  | ({ kind: 'throttled'; first: boolean } & Throttled);

/**
 * The throttle over stored rows: "account:<email>" and "address:<ip>" are failures,
 * "trying:<key>" attempts whose password is being checked, "throttled:account:<email>" notes
 * that the account was refused this window.
 */
export function createSignInThrottle(rows: SignInFailuresRepository) {
  const keys = (email: string, address: string) => {
    const account = `account:${email.toLowerCase()}`;
    const addr = `address:${address}`;
    return { account, address: addr, tryingAccount: `trying:${account}`, tryingAddress: `trying:${addr}`, noted: `throttled:${account}` };
  };

  return {
    /**
     * Counts the attempt before its password is checked, so concurrent guesses take turns
     * under the limits instead of all passing one check; waits while only attempts in flight
     * stand in the way. The same work for known and unknown emails.
     */
    async begin(email: string, address: string): Promise<Attempt> {
      const k = keys(email, address);
      const waitUntil = Date.now() + IN_FLIGHT_MS;
      for (;;) {
        const now = Date.now();
        // Attempts on one account or from one address decide in turn (the limits count those); others need not wait.
        const serialise = [k.account, k.address];
        const { result, ids } = await rows.decide<Exclude<Verdict, { kind: 'throttled' }> | Extract<Attempt, { kind: 'throttled' }>>(Object.values(k), serialise, now - LONGEST_WINDOW_MS, now, (times) => {
          const at = (key: string) => times.get(key) ?? [];
          const verdict = judge({ account: { failures: at(k.account), trying: at(k.tryingAccount) }, address: { failures: at(k.address), trying: at(k.tryingAddress) } }, now);
          if (verdict.kind === 'go') return { result: verdict, add: [k.tryingAccount, k.tryingAddress] };
          if (verdict.kind === 'busy') return { result: verdict, add: [] };
          // Decided in the same transaction as the count, so of many concurrent refusals exactly one is first.
          const first = at(k.noted).length === 0;
          return { result: { ...verdict, first }, add: first ? [k.noted] : [] };
        });
        if (result.kind === 'go') return { kind: 'go', ids };
        if (result.kind === 'throttled') return result;
        // Refused rather than kept waiting without end (attempts keep arriving as fast as they leave).
        if (now >= waitUntil) return { kind: 'throttled', scope: result.scope, retryAfterMs: 1000, first: false };
        await sleep(POLL_MS);
      }
    },

    /** A wrong password: the attempt becomes a failure of the account and of the address. */
    async failed(attempt: Extract<Attempt, { kind: 'go' }>, email: string, address: string): Promise<void> {
      const k = keys(email, address);
      const now = Date.now();
      await rows.replace(attempt.ids, [k.account, k.address], now, now - LONGEST_WINDOW_MS);
    },

    /**
     * A correct password: the attempt leaves no trace, so sign-ins never count against an address
     * (many people share one), and the account's failures are cleared; the address keeps its own.
     */
    async succeeded(attempt: Extract<Attempt, { kind: 'go' }>, email: string): Promise<void> {
      const k = keys(email, '');
      await rows.remove(attempt.ids, [k.account, k.noted]);
    },
  };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
