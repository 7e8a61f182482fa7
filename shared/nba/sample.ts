/**
 * Random draws for Thompson sampling, from an injected source of uniform numbers: the server
 * passes Math.random, tests a seeded generator, so a test run is the same run every time.
 */

import { seededRandom } from '../qa/prng';

/** Uniform in [0, 1). */
export type Rng = () => number;

/** The same seed, the same sequence (mulberry32, shared with QA's sampling). */
export const seededRng = (seed: number): Rng => seededRandom(seed);

/** Each offer's own draws, whichever other offers are drawn for beside it. */
export interface OfferDraws {
  forOffer(offerId: string): Rng;
}

/**
 * One contact's draws: Thompson sampling decides once per contact, so every ask in one contact
 * (the panel asks again on each push and after each grant) draws the same for an offer, and the
 * list changes only when eligibility, the agent's leeway or what was learnt changes. Fresh draws
 * per ask reshuffled the cards under the agent's pointer: a card could vanish between the grant
 * and the customer's answer. The next contact draws afresh, which is the exploration.
 */
export const contactDraws = (contact: string): OfferDraws => ({
  forOffer: (offerId) => seededRandom(`${contact}\u0000${offerId}`),
});

/** In (0, 1]: safe under a logarithm. */
const open = (rng: Rng) => 1 - rng();

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(open(rng))) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia and Tsang; below shape 1, boosted by U^(1/shape). */
function gamma(shape: number, rng: Rng): number {
  if (shape < 1) return gamma(shape + 1, rng) * open(rng) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = open(rng);
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One draw from Beta(alpha, beta), both above 0. */
export function sampleBeta(alpha: number, beta: number, rng: Rng): number {
  const x = gamma(alpha, rng);
  const y = gamma(beta, rng);
  return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
}
