/**
 * Migration 0019 (the replay memory keyed by signing time) on a database written before it, on the
 * engine under test: the signatures remembered before it are still remembered, under their arrival
 * as their signing time, and forgotten as the window passes, as new ones are. The table the release
 * before wrote stays as it was, for its processes still running during a rolling upgrade.
 */
import { describe, expect, it } from 'vitest';
import { upgradedFrom } from '../support/migrate-before';
import { engine } from '../support/test-database';

const now = Date.now();
const MINUTE = 60_000;

const app = upgradedFrom('0019_webhook_signatures', async (raw) => {
  await raw.run("insert into webhook_deliveries (signature, key_id, seen_at) values ('v1=recent', 'k1', ?)", now - MINUTE);
  await raw.run("insert into webhook_deliveries (signature, key_id, seen_at) values ('v1=old', 'k1', ?)", now - 11 * MINUTE);
});

const signatures = async () =>
  (await (await app().raw()).all<{ signature: string }>('select signature from webhook_signatures order by signed_at')).map(
    (r) => r.signature,
  );

describe(`migration 0019 on ${engine}`, () => {
  it('keeps every remembered signature, its arrival standing in for its signing time; the old table stays for the release before', async () => {
    const raw = await app().raw();
    expect(
      await raw.all(
        'select signature, key_id as "keyId", signed_at as "signedAt", seen_at as "seenAt" from webhook_signatures order by signed_at',
      ),
    ).toEqual([
      { signature: 'v1=old', keyId: 'k1', signedAt: now - 11 * MINUTE, seenAt: now - 11 * MINUTE },
      { signature: 'v1=recent', keyId: 'k1', signedAt: now - MINUTE, seenAt: now - MINUTE },
    ]);
    expect(await raw.one('select count(*) as n from webhook_deliveries')).toEqual({ n: 2 });
  });

  it('refuses the same signature at the same signing time again; forgets by signing time', async () => {
    const tenants = app().app.repos.tenants;
    const remember = (signature: string, signedAt: number) =>
      app().app.repos.transaction(() => tenants.rememberDelivery({ signature, keyId: 'k1', signedAt, at: now }));
    expect(await remember('v1=recent', now - MINUTE)).toBe(false);
    expect(await remember('v1=new', now)).toBe(true);
    expect(await remember('v1=new', now)).toBe(false);
    // Arrived now, signed long ago: its timestamp is refused from now on, so it is forgotten with the old ones.
    expect(await remember('v1=signed-long-ago', now - 12 * MINUTE)).toBe(true);

    await app().app.repos.transaction(() => tenants.forgetDeliveriesBefore(now - 10 * MINUTE));
    expect(await signatures()).toEqual(['v1=recent', 'v1=new']);
  });
});
