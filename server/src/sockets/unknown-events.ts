import { takeEventToken } from './event-limit';
import type { LeewaySocket } from './types';

/**
 * An event no handler listens to (a typo, an older or newer client) is answered with an error in
 * the usual ack shape when the client asked for one, instead of leaving it waiting for its
 * timeout. It draws from the session's event allowance like any event. Not timed in the metrics:
 * event names a client makes up must not become labels. Called by the shared dispatcher (handle.ts).
 */
export function answerUnknownEvent(socket: LeewaySocket, event: unknown, args: unknown[]): void {
  const name = String(event);
  const limited = takeEventToken(socket);
  const ack = args.at(-1);
  if (typeof ack !== 'function') return;
  ack({
    error:
      limited ??
      `Unknown event ${JSON.stringify(name.slice(0, 64))}: the server handles no such event; check its name, or update the extension`,
  });
}
