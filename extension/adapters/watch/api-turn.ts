/**
 * The helpdesk API's turn in a watch: one call per try, bounded by `apiTimeoutMs`; a 429 is asked
 * again after its Retry-After (at most `retryBudgetMs` of waiting in all); any other failure says
 * why, so the watcher falls back to the page.
 */
import { ApiError, type HelpdeskAdapter, type Refusal, type RequesterReading } from '../types';
import { seconds } from './identity';

export async function apiTurn(
  adapter: HelpdeskAdapter,
  ticketId: string,
  signal: AbortSignal,
  onWait: (r: Refusal) => void,
  { apiTimeoutMs, retryBudgetMs }: { apiTimeoutMs: number; retryBudgetMs: number },
): Promise<{ ok: RequesterReading } | { refusal: Refusal }> {
  let waited = 0;
  const started = Date.now();
  for (;;) {
    const call = new AbortController();
    let timedOut = false;
    const onAbort = () => call.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      call.abort();
    }, apiTimeoutMs);
    try {
      return { ok: await adapter.readApi!(ticketId, call.signal) };
    } catch (error) {
      if (signal.aborted) return { refusal: { kind: 'api-refused', detail: 'cancelled' } };
      if (timedOut)
        return { refusal: { kind: 'api-timeout', detail: `${adapter.name}'s API did not answer within ${seconds(apiTimeoutMs)}` } };
      if (error instanceof ApiError && error.status === 429) {
        const wait = Math.max(100, error.retryAfterMs ?? 1000);
        // Bounded twice: the waits themselves, and the whole API turn (slow 429s with short waits).
        if (waited + wait > retryBudgetMs || Date.now() - started + wait > retryBudgetMs + apiTimeoutMs) {
          return {
            refusal: {
              kind: 'api-rate-limited',
              detail: `${adapter.name}'s API is rate-limited (429) and asked to wait ${seconds(wait)}, longer than Leeway waits`,
            },
          };
        }
        waited += wait;
        onWait({
          kind: 'api-rate-limited',
          detail: `${adapter.name}'s API answered 429 (rate-limited): asking again in ${seconds(wait)}`,
        });
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, wait);
          signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        });
        if (signal.aborted) return { refusal: { kind: 'api-refused', detail: 'cancelled' } };
        continue;
      }
      const detail =
        error instanceof ApiError
          ? `${adapter.name}'s API answered ${error.status}`
          : `${adapter.name}'s API could not be used (${(error as Error).message})`;
      return { refusal: { kind: 'api-refused', detail } };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
