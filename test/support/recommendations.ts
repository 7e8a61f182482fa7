/**
 * Calls for the recommendation tests (recommendations.test.ts, offer-outcomes.test.ts), bound to
 * the file's app: a customer's suggestions over REST, an answer over REST, an agent's socket, and
 * asking in an interaction as the panel does.
 */
import { expect } from 'vitest';
import type { Recommendations } from '@shared/schemas/recommendations';
import type { Response } from '@shared/socket-reply';
import type { ClientSocket, TestApp } from './app';

export const DANA = 'dana.whitfield@example.com';
export const SAM = 'sam.okafor@example.com';
export const MARCO = 'marco.rossi@example.com';

export function recommendationHelpers(app: () => TestApp) {
  const customer = (email: string) => app().seeded.acme.customers[email]!;
  async function recommendationsOf(email: string, as = 'agent@acme.test') {
    const res = await app().app.inject({
      url: `/v1/customers/${customer(email)}/recommendations`,
      headers: { authorization: `Bearer ${await app().token(as)}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Recommendations;
  }
  const outcome = async (email: string, payload: unknown, as = 'agent@acme.test') =>
    app().app.inject({
      method: 'POST',
      url: `/v1/customers/${customer(email)}/offer-outcomes`,
      headers: { authorization: `Bearer ${await app().token(as)}` },
      payload: payload as object,
    });
  async function connect(email = 'agent@acme.test') {
    const { socket, error } = await app().socket(await app().token(email));
    if (error) throw new Error(error);
    return socket;
  }
  /** Asks for the suggestions in the interaction, as the panel does, and checks `offerId` was among them. */
  async function shown(socket: ClientSocket, interactionId: string, offerId: string) {
    const asked = (await socket.emitWithAck('offer:recommend', { interactionId })) as Response<Recommendations>;
    expect('data' in asked && asked.data.recommendations.map((r) => r.offerId)).toContain(offerId);
  }
  return { customer, recommendationsOf, outcome, connect, shown };
}
