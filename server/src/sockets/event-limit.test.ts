import { describe, expect, it } from 'vitest';
import { bucketCount, limitSocketEvents, SIGN_INS_PER_PERSON, takeEventToken } from './event-limit';

const server = () => ({});
let sessions = 0;
/** A socket of `sessionId`'s sign-in (a new session each time unless one is given), by a person of their own unless one is given. */
const socketOn = (io: object, sessionId = `session-${++sessions}`, userId = `person-of-${sessionId}`) => ({
  nsp: { server: io },
  data: { principal: { sessionId, userId } },
});

describe('takeEventToken', () => {
  it('lets a burst of the per-minute allowance through, then refuses with when to retry', () => {
    const io = server();
    limitSocketEvents(io, 3);
    const s = socketOn(io);
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => takeEventToken(s, t0 + i))).toEqual([null, null, null]);
    // One token comes back every 20 s at 3 a minute.
    expect(takeEventToken(s, t0 + 3)).toBe('Too many requests: at most 3 events a minute per sign-in; retry in 20 seconds');
  });

  it('refills evenly: one token per 60/perMinute seconds, never above the allowance', () => {
    const io = server();
    limitSocketEvents(io, 60);
    const s = socketOn(io);
    for (let i = 0; i < 60; i++) expect(takeEventToken(s, 0)).toBeNull();
    expect(takeEventToken(s, 500)).toMatch(/retry in 1 second$/);
    expect(takeEventToken(s, 1000)).toBeNull();
    expect(takeEventToken(s, 1000)).not.toBeNull();
    // An hour idle fills the bucket to 60, not 3,600.
    const later = 3_600_000;
    for (let i = 0; i < 60; i++) expect(takeEventToken(s, later)).toBeNull();
    expect(takeEventToken(s, later)).not.toBeNull();
  });

  it('shares one bucket among the sockets of one sign-in: reconnecting gives no fresh allowance', () => {
    const io = server();
    limitSocketEvents(io, 2);
    const [first, second, reconnected] = [socketOn(io, 's1'), socketOn(io, 's1'), socketOn(io, 's1')];
    expect(takeEventToken(first, 0)).toBeNull();
    expect(takeEventToken(second, 0)).toBeNull();
    expect(takeEventToken(reconnected, 0)).not.toBeNull();
    expect(takeEventToken(first, 0)).not.toBeNull();
    // Another sign-in, and the same session id on another server, are counted apart.
    expect(takeEventToken(socketOn(io, 's2'), 0)).toBeNull();
    const other = server();
    limitSocketEvents(other, 2);
    expect(takeEventToken(socketOn(other, 's1'), 0)).toBeNull();
  });

  it("shares SIGN_INS_PER_PERSON sign-ins' allowance among one person's sign-ins: signing in again buys no more", () => {
    const io = server();
    limitSocketEvents(io, 2);
    const signIns = Array.from({ length: SIGN_INS_PER_PERSON + 2 }, (_, i) => socketOn(io, `dana-${i}`, 'dana'));
    const answers = signIns.flatMap((s) => [takeEventToken(s, 0), takeEventToken(s, 0)]);
    expect(answers.filter((a) => a === null)).toHaveLength(2 * SIGN_INS_PER_PERSON);
    expect(answers.at(-1)).toBe(
      `Too many requests: at most ${2 * SIGN_INS_PER_PERSON} events a minute for one person's sign-ins together; retry in 10 seconds`,
    );
    // Another person is unaffected; the person's allowance comes back with time, as a sign-in's does.
    expect(takeEventToken(socketOn(io, 'sam-1', 'sam'), 0)).toBeNull();
    expect(takeEventToken(socketOn(io, 'dana-new', 'dana'), 10_000)).toBeNull();
  });

  it('forgets a bucket once it has refilled, and only then', () => {
    const io = server();
    limitSocketEvents(io, 2);
    const s = socketOn(io);
    takeEventToken(s, 0);
    takeEventToken(s, 0);
    takeEventToken(socketOn(io), 30_000);
    expect(bucketCount(io)).toBe(2);
    // A minute after the first was last used: it is full again and dropped; the second is kept, half spent.
    takeEventToken(socketOn(io), 60_000);
    expect(bucketCount(io)).toBe(2);
    expect([takeEventToken(s, 60_000), takeEventToken(s, 60_000), takeEventToken(s, 60_000)].map((r) => r === null)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('keeps one bucket per sign-in, and none when the limit is 0 or the server has none', () => {
    const io = server();
    limitSocketEvents(io, 1);
    const [a, b] = [socketOn(io), socketOn(io)];
    expect(takeEventToken(a, 0)).toBeNull();
    expect(takeEventToken(a, 0)).not.toBeNull();
    expect(takeEventToken(b, 0)).toBeNull();
    const off = server();
    limitSocketEvents(off, 0);
    const c = socketOn(off);
    for (let i = 0; i < 1000; i++) expect(takeEventToken(c, 0)).toBeNull();
    expect(takeEventToken(socketOn(server()), 0)).toBeNull();
  });
});
