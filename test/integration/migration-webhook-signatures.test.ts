/**
 * Migration 0019 (the replay memory keyed by signing time) on a database written before it, on the
 * engine under test: what the release before remembered (in webhook_deliveries, before the upgrade
 * or beside it during a rolling upgrade) is still refused as a replay, whenever it was signed; new
 * signatures are forgotten by signing time as the window passes. The table the release before
 * wrote stays as it was, for its processes still running during a rolling upgrade.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signedHeaders } from '@shared/webhook-signature';
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

  it('refuses a replay over the webhook of a request a process of the release before accepted', async () => {
    const t = app();
    const secret = (await t.app.repos.tenants.ingestKey('acme-demo'))!.secret;
    const body = JSON.stringify({
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      type: 'payment.failed',
      customer: { email: 'dana.whitfield@example.com' },
      data: { amountCents: 1_200, currency: 'USD' },
    });
    // Signed 20 s ago; seen 0.4 s later by a process of the release before (during the roll, or before the upgrade), which
    // remembered it its way: by its signature, with its arrival.
    const headers = signedHeaders('acme-demo', secret, body, now - 20_000);
    const raw = await t.raw();
    await raw.run(
      'insert into webhook_deliveries (signature, key_id, seen_at) values (?, ?, ?)',
      headers[SIGNATURE_HEADER],
      'acme-demo',
      now - 19_600,
    );
    const replay = await t.app.inject({ method: 'POST', url: '/v1/ingest/events', headers, payload: body });
    expect(replay.statusCode).toBe(409);
  });

  it('refuses the same signature at the same signing time again; forgets by signing time', async () => {
    const tenants = app().app.repos.tenants;
    const remember = (signature: string, signedAt: number) =>
      app().app.repos.transaction(() => tenants.rememberDelivery({ signature, keyId: 'k1', signedAt, at: now }));
    // Remembered by the release before: refused whatever signing time it carries (it carries its own).
    expect(await remember('v1=recent', now - MINUTE - 350)).toBe(false);
    expect(await remember('v1=new', now)).toBe(true);
    expect(await remember('v1=new', now)).toBe(false);
    // Arrived now, signed long ago: its timestamp is refused from now on, so it is forgotten with the old ones.
    expect(await remember('v1=signed-long-ago', now - 12 * MINUTE)).toBe(true);

    await app().app.repos.transaction(() => tenants.forgetDeliveriesBefore(now - 10 * MINUTE));
    expect(await signatures()).toEqual(['v1=recent', 'v1=new']);
  });
});
