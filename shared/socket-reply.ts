/**
 * The socket contract's reply shapes and helpers, apart from the event table (shared/events.ts),
 * which carries the payload schemas: the extension's pages import these at run time without
 * pulling zod and every schema into their bundle.
 */
export interface SocketError {
  error: string;
  /** field → reason, when the payload failed validation */
  issues?: { path: string; message: string }[];
  /**
   * Not the payload's fault (disk full, read-only, a limit reached, a fault on the server): send the
   * same payload again later, with the same idempotency key, and it is stored once.
   */
  retry?: true;
  /** 429: a limit was reached (reveals an hour…); the sentence says when to try again. */
  status?: 429;
}
export type Response<T> = SocketError | { data: T };

export const isError = <T>(res: Response<T>): res is SocketError => 'error' in res;

/** Ends a refused handshake the client should simply try again shortly (a server-side fault, not the token). */
export const HANDSHAKE_RETRY = 'retrying shortly';
