/** The soak client's acknowledged emits: a deadline, and the reply's data or its error thrown. */
import type { ClientToServerEvents } from '@shared/events';
import type { S } from './state';

type Ack<T> = { data: T } | { error: string };

const ACK_MS = 60_000;

type AckOf<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** emitWithAck with a deadline, typed by the contract (socket.io's timeout() loses the ack's type). */
export function ask<E extends keyof ClientToServerEvents>(
  s: S,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<AckOf<E>> {
  const timed = s.timeout(ACK_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<AckOf<E>> };
  return timed.emitWithAck(event, payload);
}

export function data<T>(what: string, res: Ack<T>): T {
  if ('error' in res) throw new Error(`${what}: ${res.error}`);
  return res.data;
}
