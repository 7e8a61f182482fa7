/**
 * Issue 23's contact: a panel's offers are drawn, shown and answered per contact, the agent's first
 * interaction on the ticket in the day before. Every ask in it ranks alike, another ticket draws
 * afresh, and a reconnect's new interaction on the same ticket is the same contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recommendations } from '@shared/schemas/recommendations';
import type { Response } from '@shared/socket-reply';
import { startTestApp, type TestApp } from '../support/app';
import { openKnown } from '../support/helpdesk-instances';
import { saveTestOffers } from '../support/offers';

let t: TestApp;
const DANA = 'dana.whitfield@example.com';

beforeAll(async () => {
  t = await startTestApp();
  await saveTestOffers(t, 'contact test');
});
afterAll(() => t?.close());

async function recommendationsOf(email: string) {
  const res = await t.app.inject({
    url: `/v1/customers/${t.seeded.acme.customers[email]!}/recommendations`,
    headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Recommendations;
}
async function connect() {
  const { socket, error } = await t.socket(await t.token('agent@acme.test'));
  if (error) throw new Error(error);
  return socket;
}

describe('one contact', () => {
  it('a reconnect opens the ticket again under a new interaction, and it is the same contact: its answer is learnt once, its suggestions draw alike', async () => {
    const tally = async () =>
      Object.values((await t.app.repos.offerStats.stats(t.seeded.acme.tenantId))['call-back'] ?? {}).reduce((n, s) => n + s.declined, 0);
    const before = await tally();
    const answers = [];
    const draws: [string, number][][] = [];
    for (let i = 0; i < 2; i++) {
      const socket = await connect();
      try {
        const interactionId = await openKnown(socket, '121', DANA);
        const asked = (await socket.emitWithAck('offer:recommend', { interactionId })) as Response<Recommendations>;
        if (!('data' in asked)) throw new Error(asked.error);
        draws.push(asked.data.recommendations.map((r): [string, number] => [r.offerId, r.factors.propensity]));
        answers.push(await socket.emitWithAck('offer:outcome', { interactionId, offerId: 'call-back', accepted: false }));
      } finally {
        socket.close();
      }
    }
    expect(answers).toMatchObject([{ data: { status: 'stored' } }, { data: { status: 'duplicate' } }]);
    expect(await tally()).toBe(before + 1);
    // The same draws (the answered offer's estimate moved with its answer).
    const others = (d: [string, number][]) => d.filter(([id]) => id !== 'call-back');
    expect(others(draws[1]!)).toEqual(others(draws[0]!));
    expect(others(draws[0]!)).toHaveLength(2);
  });

  it('draws once per contact: every ask in an interaction ranks alike, the next interaction draws afresh', async () => {
    const mine = await connect();
    try {
      const draws = async (interactionId: string) => {
        const asked = (await mine.emitWithAck('offer:recommend', { interactionId })) as Response<Recommendations>;
        if (!('data' in asked)) throw new Error(asked.error);
        return asked.data.recommendations.map((r) => [r.offerId, r.factors.propensity]);
      };
      const first = await openKnown(mine, '101', DANA);
      const shown = await draws(first);
      for (let i = 0; i < 3; i++) expect(await draws(first)).toEqual(shown);
      const next = await openKnown(mine, '103', DANA);
      expect(await draws(next)).not.toEqual(shown);
      // Without an interaction (the REST route): one decision per agent, customer and day.
      const rest = (await recommendationsOf(DANA)).recommendations.map((r) => [r.offerId, r.factors.propensity]);
      expect((await recommendationsOf(DANA)).recommendations.map((r) => [r.offerId, r.factors.propensity])).toEqual(rest);
    } finally {
      mine.close();
    }
  });
});
