/**
 * Clients of a server running as a separate process (server-process.ts): sign in over REST,
 * hold a real socket.io connection, and send an event the way the extension does, telling
 * an answer apart from no answer (the server died or the connection dropped).
 */
import { io } from 'socket.io-client';
import type { Response } from '@shared/events';
import type { ClientSocket } from './app';

export async function signIn(url: string, email: string, password = 'leeway-demo'): Promise<string> {
  const res = await fetch(`${url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { token?: string; message?: string };
  if (!body.token) throw new Error(`sign-in of ${email} failed (${res.status}): ${body.message}`);
  return body.token;
}

/** Connected before it is returned; no automatic reconnection (tests reconnect on purpose). */
export function connectSocket(url: string, token: string): Promise<ClientSocket> {
  const s: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => reject(new Error(`socket connection refused: ${e.message}`)));
  });
}

/**
 * Emits and waits for the ack. `undefined` means no answer: the connection dropped (socket.io
 * fails pending acks on disconnect) or nothing came within `ms`.
 */
export async function send(socket: ClientSocket, event: string, payload: unknown, ms = 20_000): Promise<Response<unknown> | undefined> {
  try {
    return await (socket.timeout(ms) as unknown as { emitWithAck(e: string, p: unknown): Promise<Response<unknown>> }).emitWithAck(
      event,
      payload,
    );
  } catch {
    return undefined;
  }
}
