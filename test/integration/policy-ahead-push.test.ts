/**
 * A policy version published to take effect later reaches the panels when it does, not only when
 * it is published: each process keeps a timer for each tenant's next version, set at start and
 * again on every publish (services/policy-schedule.ts). The pushed suggestions carry the version,
 * so the panel fetches its leeway under it (reducer.ts refreshAfter; customer-context e2e).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { askOffers, offerPanel, until } from '../support/offer-panels';

const DANA = 'dana.whitfield@example.com';
let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

/** Publishes the policy in force with a lower account-credit limit, to take effect `inMs` from now; its version. */
async function publishAhead(app: TestApp, inMs: number): Promise<number> {
  const headers = { authorization: `Bearer ${await app.token('admin@acme.test')}` };
  const current = await app.app.inject({ method: 'GET', url: '/v1/policy', headers });
  const document = current.json().document as { limits: { id: string; maxAmountCents: number }[] };
  document.limits.find((l) => l.id === 'credit')!.maxAmountCents = 1_200;
  const res = await app.app.inject({
    method: 'POST',
    url: '/v1/policy/versions',
    headers,
    payload: { document, effectiveFrom: new Date(Date.now() + inMs).toISOString(), note: 'ahead' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().version;
}

describe('a policy published ahead', () => {
  it('is pushed to the panels that show suggestions when it takes effect, under its version', async () => {
    const panel = await offerPanel(t, 'agent@acme.test', '301', DANA);
    try {
      const asked = await askOffers(panel.socket, panel.interactionId);
      // Far enough ahead that the push on publishing is computed before it (a busy machine included).
      const version = await publishAhead(t, 4_000);
      // On publishing: pushed at once, still under the version in force.
      const published = await until(() => panel.pushed.find((p) => p.seq > asked.seq), 'the push on publishing');
      expect(published.policyVersion).toBe(asked.policyVersion);
      const inForce = await until(() => panel.pushed.find((p) => p.policyVersion === version), 'the push when it takes effect', 10_000);
      expect(inForce.seq).toBeGreaterThan(published.seq);
    } finally {
      panel.socket.close();
    }
  });

  it('is pushed by a server started after it was published: the times are read at start', async () => {
    const version = await publishAhead(t, 6_000); // after the second server has started and its panel asked
    // Another server on the same database, started after the publish: nothing tells it but its own start.
    const later = await startTestApp(t.dbEnv);
    const panel = await offerPanel(later, 'agent@acme.test', '302', DANA);
    try {
      const asked = await askOffers(panel.socket, panel.interactionId);
      expect(asked.policyVersion).toBeLessThan(version);
      await until(() => panel.pushed.find((p) => p.policyVersion === version), 'the push when it takes effect', 12_000);
    } finally {
      panel.socket.close();
      await later.close();
    }
  });
});
