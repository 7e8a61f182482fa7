/**
 * A socket handshake the database cannot answer (failover, a saturated pool) is refused with a
 * message the extension retries on — never "sign in again", which would sign the agent out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HANDSHAKE_RETRY } from '@shared/events';
import { DbFault } from '../../server/src/db/errors';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('refuses a handshake during a database fault as "retrying", then accepts it once the database answers', async () => {
  const token = await t.token('agent@acme.test');
  const verify = t.app.verifyToken;
  t.app.verifyToken = async () => {
    throw new DbFault('The database connection was lost: nothing was saved; try again in a moment', 'PG_CONNECTION');
  };
  const refused = await t.socket(token);
  expect(refused.error).toMatch(/^The server cannot check your sign-in right now \(The database connection was lost/);
  expect(refused.error!.endsWith(HANDSHAKE_RETRY)).toBe(true);
  expect(refused.error).not.toMatch(/sign in again|sign-in required|deactivated/i); // what the extension signs out on

  t.app.verifyToken = verify;
  expect((await t.socket(token)).error).toBeUndefined();

  // A token that really is bad still says so.
  expect((await t.socket(`${token}x`)).error).toMatch(/sign in again/);
});
