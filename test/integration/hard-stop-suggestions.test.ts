/**
 * Suggestions never contradict a hard stop: Sam has an open chargeback and a failed payment; his
 * context (and every signals push, computed by the same function) suggests nothing, while Dana,
 * with no stop, still gets hers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function suggestionsOf(email: string): Promise<string[]> {
  const id = t.seeded.acme.customers[email]!;
  const res = await t.app.inject({
    url: `/v1/customers/${id}/context`,
    headers: { authorization: `Bearer ${await t.token('agent@acme.test')}` },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { signals: { suggestions: string[] } }).signals.suggestions;
}

it('suggests nothing beside an open chargeback, and still suggests where no stop holds', async () => {
  expect(await suggestionsOf('sam.okafor@example.com')).toEqual([]);
  expect(await suggestionsOf('dana.whitfield@example.com')).toContainEqual(expect.stringContaining('retention gesture'));
});
