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

/** The throttle over the stored failures: check before verifying a password, record after. */
export function createSignInThrottle(failures: SignInFailuresRepository) {
  const keys = (email: string, address: string) => ({ account: `account:${email.toLowerCase()}`, address: `address:${address}` });
  const longestWindow = Math.max(...Object.values(SIGN_IN_LIMITS).map((l) => l.windowMs));

  return {
    /** The longest wait among the scopes that refuse now, or null when the attempt may go ahead. */
    async check(email: string, address: string, now = Date.now()): Promise<Throttled | null> {
      const k = keys(email, address);
      let worst: Throttled | null = null;
      for (const scope of Object.keys(SIGN_IN_LIMITS) as Scope[]) {
        const { limit, windowMs } = SIGN_IN_LIMITS[scope];
        const wait = retryAfterMs(await failures.since(k[scope], now - windowMs), limit, windowMs, now);
        if (wait > 0 && (!worst || wait > worst.retryAfterMs)) worst = { scope, retryAfterMs: wait };
      }
      return worst;
    },
    async failed(email: string, address: string, now = Date.now()): Promise<void> {
      const k = keys(email, address);
      await failures.record([k.account, k.address], now, now - longestWindow);
    },
    /** A correct password clears the account's failures; the address keeps its own. */
    async succeeded(email: string): Promise<void> {
      await failures.clear(keys(email, '').account);
    },
  };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
