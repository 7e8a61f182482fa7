/** An error whose message is meant for the person who caused it, with the HTTP status that fits. */
export class UserError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const unauthorized = (message: string) => new UserError(401, message);
export const forbidden = (message: string) => new UserError(403, message);
export const notFound = (message: string) => new UserError(404, message);
