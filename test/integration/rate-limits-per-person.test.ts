/**
 * Rate limits per person (plugins/external/rate-limits.ts, sockets/event-limit.ts): a person's
 * sign-ins together share SIGN_INS_PER_PERSON sign-ins' allowance of REST requests and of socket
 * events. Each sign-in keeps its own allowance within that (a second device is not starved by the
 * first), but signing in again and again buys no more. Lowered through the environment so a few
 * requests reach them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_INS_PER_PERSON } from '../../server/src/sockets/event-limit';
import { type ClientSocket, startTestApp, type TestApp } from '../support/app';

const LIMIT = 5;
const SOCKET_LIMIT = 3;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LEEWAY_RATE_LIMIT: String(LIMIT), LEEWAY_SOCKET_RATE_LIMIT: String(SOCKET_LIMIT) });
});
afterAll(() => t?.close());

/** `email` signed in afresh, from an address of its own (sign-ins count against the address, as do socket handshakes). */
async function signIn(email: string, n: number): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/sign-in',
    remoteAddress: `198.51.100.${10 + n}`,
    payload: { email, password: 'leeway-demo' },
  });
  expect(res.statusCode).toBe(200);
  return res.json().token;
}

const policy = (token: string) => t.app.inject({ method: 'GET', url: '/v1/policy', headers: { authorization: `Bearer ${token}` } });

describe("one person's sign-ins together", () => {
  it("share SIGN_INS_PER_PERSON sign-ins' allowance of REST requests: signing in again buys no more", async () => {
    const tokens: string[] = [];
    for (let i = 0; i <= SIGN_INS_PER_PERSON; i++) tokens.push(await signIn('senior@acme.test', i));
    const answers = [];
    for (const token of tokens.slice(0, -1)) for (let i = 0; i < LIMIT; i++) answers.push((await policy(token)).statusCode);
    expect(answers).toEqual(Array(LIMIT * SIGN_INS_PER_PERSON).fill(200));
    // A new sign-in's first request: its own allowance is whole, the person's is spent.
    const refused = await policy(tokens.at(-1)!);
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(refused.headers['x-ratelimit-limit']).toBe(String(LIMIT * SIGN_INS_PER_PERSON));
    expect(refused.json().message).toBe(
      `Too many requests: at most ${LIMIT * SIGN_INS_PER_PERSON} a minute for one person's sign-ins together; retry in ${retryAfter} second${retryAfter === 1 ? '' : 's'}`,
    );
    // Another person's sign-in is unaffected.
    expect((await policy(await signIn('lead@acme.test', 9))).statusCode).toBe(200);
  });

  it("share SIGN_INS_PER_PERSON sign-ins' allowance of socket events: signing in again buys no more", async () => {
    const sockets: ClientSocket[] = [];
    for (let i = 0; i <= SIGN_INS_PER_PERSON; i++) {
      const { socket, error } = await t.socket(await signIn('lead2@acme.test', 20 + i));
      if (error) throw new Error(error);
      sockets.push(socket);
    }
    const board = async (s: ClientSocket) => {
      const reply = await s.emitWithAck('exception:pending', {});
      return 'data' in reply ? 'ok' : reply.error;
    };
    const answers: string[] = [];
    for (const s of sockets.slice(0, -1)) for (let i = 0; i < SOCKET_LIMIT; i++) answers.push(await board(s));
    expect(answers).toEqual(Array(SOCKET_LIMIT * SIGN_INS_PER_PERSON).fill('ok'));
    // A new sign-in's first event: its own allowance is whole, the person's is spent.
    expect(await board(sockets.at(-1)!)).toMatch(
      new RegExp(
        `^Too many requests: at most ${SOCKET_LIMIT * SIGN_INS_PER_PERSON} events a minute for one person's sign-ins together; retry in \\d+ seconds?$`,
      ),
    );
    // Another person's sign-in is unaffected.
    const { socket: other } = await t.socket(await signIn('lead@acme.test', 30));
    expect(await board(other)).toBe('ok');
  });
});
