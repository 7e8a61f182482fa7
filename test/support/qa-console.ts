/**
 * The QA console tests' app: the users who take part signed in, and resolutions logged through the
 * real API (the agent's and the senior's, one long, one with a note missing) for QA to sample.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from './app';

/** The app, a token per user, and the ids of the logged resolutions in the order above. */
export async function startQaApp(): Promise<{ t: TestApp; tok: Record<string, string>; ids: string[] }> {
  const tok: Record<string, string> = {};
  const ids: string[] = [];
  const t = await startTestApp();
  for (const e of [
    'agent@acme.test',
    'senior@acme.test',
    'auditor@acme.test',
    'admin@acme.test',
    'lead@acme.test',
    'auditor@globex.test',
    'agent@globex.test',
  ])
    tok[e] = await t.token(e);
  // Resolutions through the real API: the agent's and the senior's, one long, one with a note missing.
  for (const [who, ticketId, handleTimeSeconds, note] of [
    ['agent@acme.test', '9101', 300, 'Refunded'],
    ['agent@acme.test', '9102', 4000, 'Long call'],
    ['agent@acme.test', '9103', 200, ''],
    ['senior@acme.test', '9104', 250, 'Fixed it'],
  ] as const) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/resolutions',
      headers: { authorization: `Bearer ${tok[who]}` },
      payload: {
        idempotencyKey: randomUUID(),
        customerId: t.seeded.acme.customers['dana.whitfield@example.com'],
        helpdesk: 'zendesk',
        ticketId,
        outcome: 'resolved',
        category: 'billing',
        note,
        handleTimeSeconds,
      },
    });
    expect(res.statusCode).toBe(201);
    ids.push(res.json().id);
  }
  return { t, tok, ids };
}
