/**
 * Sign-in throttling as OWASP's authentication cheat sheet describes it: failures are counted per
 * account-and-address and per address, an account guessed at from many addresses is slowed by a
 * growing delay rather than locked, and its owner's right password from an address in good
 * standing still gets in. Counts live in the database; refusals are audited once per window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInThrottle } from '../../server/src/auth/sign-in-throttle';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

const PASSWORD = 'leeway-demo';
let nextAddress = 1;
/** A fresh caller address per call unless one is given, so only the throttle under test counts. */
const freshAddress = () => `10.2.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;
const signIn = (app: TestApp, email: string, password = PASSWORD, remoteAddress = freshAddress()) =>
  app.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress });

let nextUser = 1;
/** A user of their own per test, so tests share no counts. */
async function newUser(app: TestApp = t): Promise<{ id: string; email: string }> {
  const email = `throttle${nextUser++}@acme.test`;
  const id = await app.app.repos.users.create({
    tenantId: app.seeded.acme.tenantId,
    email,
    name: `Thea Throttle ${nextUser}`,
    role: 'agent',
    password: PASSWORD,
  });
  return { id, email };
}
async function auditOf(action: string, actorId: string) {
  return (await t.app.repos.audit.list(t.seeded.acme.tenantId, 10_000)).filter((a) => a.action === action && a.actorId === actorId);
}
/**
 * The throttled audit entry is written after the reply, queued with setImmediate before it is
 * sent; it is awaited by polling what it writes, for as long as the test's own timeout allows.
 */
const eventually = (check: () => Promise<unknown>) => expect.poll(check, { timeout: 10_000, interval: 20 });

describe('per account and address', () => {
  it('refuses a sixth failure of one account from one address with Retry-After, while the right password from another address gets in', async () => {
    const user = await newUser();
    const guesser = '198.51.100.10';
    for (let i = 0; i < 5; i++) expect((await signIn(t, user.email, 'wrong', guesser)).statusCode).toBe(401);

    const refused = await signIn(t, user.email, PASSWORD, guesser); // even the right password, from there
    expect(refused.statusCode).toBe(429);
    const wait = Number(refused.headers['retry-after']);
    expect(Number.isInteger(wait) && wait > 0 && wait <= 15 * 60).toBe(true);
    const minutes = Math.ceil(wait / 60);
    expect(refused.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many failed sign-ins for this account from your network address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    });

    await eventually(async () => (await auditOf('auth.throttled', user.id)).length).toBe(1);

    // The owner, elsewhere, is not locked out by someone else's guesses.
    expect((await signIn(t, user.email, PASSWORD, '198.51.100.11')).statusCode).toBe(200);
    // Nor are other accounts from the guesser's address.
    expect((await signIn(t, 'manager@acme.test', PASSWORD, guesser)).statusCode).toBe(200);
    // The owner signing in elsewhere clears neither the guesser's count nor the note that this window's refusal was audited.
    expect(await createSignInThrottle(t.app.repos.signInFailures).noteThrottled(user.email, async () => {})).toBe(false);
    expect((await signIn(t, user.email, 'wrong', guesser)).statusCode).toBe(429);

    expect(await auditOf('auth.sign-in-refused', user.id)).toHaveLength(5);
    await eventually(async () => (await auditOf('auth.throttled', user.id)).map((a) => a.detail)).toEqual([
      { address: guesser, scope: 'account-address' },
    ]);
  });

  it('counts an attempt before its password is checked: of 30 concurrent guesses from one address, only the limit are checked, and one refusal is audited', async () => {
    const user = await newUser();
    const replies = await Promise.all(Array.from({ length: 30 }, () => signIn(t, user.email, 'wrong', '198.51.100.20')));
    const statuses = replies.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    expect(await auditOf('auth.sign-in-refused', user.id)).toHaveLength(5);
    await eventually(async () => (await auditOf('auth.throttled', user.id)).length).toBe(1);
    // Written once: a later look finds the same single entry.
    expect((await signIn(t, user.email, 'wrong', '198.51.100.20')).statusCode).toBe(429);
    await eventually(async () => (await auditOf('auth.throttled', user.id)).length).toBe(1);
  });

  it('clears that address’s count for the account on a successful sign-in', async () => {
    const user = await newUser();
    const address = '198.51.100.30';
    for (let i = 0; i < 4; i++) expect((await signIn(t, user.email, 'wrong', address)).statusCode).toBe(401);
    expect((await signIn(t, user.email, PASSWORD, address)).statusCode).toBe(200);
    // Without the reset these would make 8 failures, and the sign-in after them a 429.
    for (let i = 0; i < 4; i++) expect((await signIn(t, user.email, 'wrong', address)).statusCode).toBe(401);
    expect((await signIn(t, user.email, PASSWORD, address)).statusCode).toBe(200);
  });
});

describe('per address', () => {
  it('refuses an address after 20 failures whichever accounts they tried; accounts that signed in from it before still get in', async () => {
    const address = '192.0.2.150';
    const regular = await newUser();
    expect((await signIn(t, regular.email, PASSWORD, address)).statusCode).toBe(200); // in good standing from here
    for (let i = 0; i < 20; i++) expect((await signIn(t, `stuffing${i}@acme.test`, 'wrong', address)).statusCode).toBe(401);

    const refused = await signIn(t, 'agent@globex.test', PASSWORD, address);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().message).toMatch(/^Too many failed sign-ins from your network address: try again in \d+ minutes?$/);
    expect((await signIn(t, 'agent@globex.test', PASSWORD, '192.0.2.151')).statusCode).toBe(200);
    expect((await signIn(t, regular.email, PASSWORD, address)).statusCode).toBe(200);
    await eventually(async () =>
      (await t.app.repos.audit.list(t.seeded.globex.tenantId, 10_000)).filter((a) => a.action === 'auth.throttled').map((a) => a.detail),
    ).toContainEqual({
      address,
      scope: 'address',
    });
  });

  it('lets a call center behind one address sign 30 agents in at once: successful sign-ins never count against the address', async () => {
    const address = '192.0.2.180';
    const users = await Promise.all(Array.from({ length: 30 }, () => newUser()));
    const replies = await Promise.all(users.map((u) => signIn(t, u.email, PASSWORD, address)));
    expect(replies.map((r) => r.statusCode)).toEqual(users.map(() => 200));
    // Had the 30 counted, the address (limit 20) would be refused now; a wrong password is simply wrong.
    expect((await signIn(t, users[0]!.email, 'wrong', address)).statusCode).toBe(401);
  });
});

describe('per account, from many addresses', () => {
  it('slows guesses spread over many addresses by a growing delay, and lets the owner in from an address in good standing', async () => {
    const user = await newUser();
    const home = '203.0.113.40';
    expect((await signIn(t, user.email, PASSWORD, home)).statusCode).toBe(200);
    // Ten failures from ten addresses: no single address reaches its limits.
    for (let i = 0; i < 10; i++) expect((await signIn(t, user.email, 'wrong')).statusCode).toBe(401);
    // Six more, recorded as the route records them: the delay has doubled six times since the limit.
    const throttle = createSignInThrottle(t.app.repos.signInFailures);
    for (let i = 0; i < 6; i++) await throttle.failed({ kind: 'go', ids: [] }, user.email, freshAddress());

    const slowed = await signIn(t, user.email, PASSWORD, '203.0.113.41');
    expect(slowed.statusCode).toBe(429);
    const first = Number(slowed.headers['retry-after']);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(64);
    expect(slowed.json().message).toMatch(
      /^Too many failed sign-ins for this account from elsewhere: try again in \d+ (seconds?|minutes?), or from a network you have signed in from before$/,
    );

    // One more failure elsewhere: the wait doubles.
    await throttle.failed({ kind: 'go', ids: [] }, user.email, freshAddress());
    const longer = Number((await signIn(t, user.email, PASSWORD, '203.0.113.42')).headers['retry-after']);
    expect(longer).toBeGreaterThan(first);
    expect(longer).toBeLessThanOrEqual(128);

    // The owner, from where they signed in before, is not slowed at all.
    expect((await signIn(t, user.email, PASSWORD, home)).statusCode).toBe(200);
    await eventually(async () => (await auditOf('auth.throttled', user.id)).map((a) => a.detail)).toEqual([
      { address: '203.0.113.41', scope: 'account' },
    ]);
  });
});

describe('storage', () => {
  it('holds across a restart: the counts live in the database', async () => {
    const first = await startTestApp();
    const address = '198.51.100.60';
    for (let i = 0; i < 5; i++) expect((await signIn(first, 'auditor@acme.test', 'wrong', address)).statusCode).toBe(401);
    await first.close({ keepDatabase: true });
    const again = await startTestApp(first.dbEnv);
    try {
      expect((await signIn(again, 'auditor@acme.test', PASSWORD, address)).statusCode).toBe(429);
      expect((await signIn(again, 'auditor@acme.test', PASSWORD, '198.51.100.61')).statusCode).toBe(200);
    } finally {
      await again.close();
    }
  });
});
