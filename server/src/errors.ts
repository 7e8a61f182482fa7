/** An error whose message is meant for the person who caused it, with the HTTP status that fits. */
export class UserError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Nothing was kept and sending the same request again is the fix: a 503 with Retry-After and
 * this message (the cause goes to the server's log, not to the caller).
 */
export class RetryableError extends Error {
  readonly statusCode = 503;
  constructor(
    message: string,
    readonly retryAfterS = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const unauthorized = (message: string) => new UserError(401, message);
export const forbidden = (message: string) => new UserError(403, message);
export const notFound = (message: string) => new UserError(404, message);
