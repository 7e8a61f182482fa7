/**
 * Next best action (issue 23): `recommend` for one customer with 10,000 events and 50 offers
 * (shared/nba/bench-fixture.ts), timed call by call. Its floor, measured the same way in the same
 * run: the least any recommender must do for that customer, one pass over the events reading the
 * time of each event whose type some offer counts (and of orders, for percent offers), with the
 * fastest reader we have, and one policy evaluation per offer that names an action. So the ratio is
 * what the ranking, eligibility and learning cost on top, whatever else loads the machine.
 */
import { evaluate } from '@shared/policy/evaluate';
import { nbaBenchFixture } from '@shared/nba/bench-fixture';
import { windowsOf } from '@shared/nba/eligibility';
import { readTime } from '@shared/nba/facts';
import { recommend } from '@shared/nba/recommend';
import { seededRng } from '@shared/nba/sample';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const recommendationsNames = ['recommendations_p99_ms', 'recommendations_p50_ms'];

const RUNS = 400;
const WARMUP = 50;

function timed(fn: () => unknown): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times;
}

export async function recommendationsBench(): Promise<Figure[]> {
  const input = nbaBenchFixture();
  const rng = seededRng(23);
  const grants = input.offers.flatMap((o) =>
    o.kind.type === 'action' ? [{ action: o.kind.action, amountCents: 1_000, reasonCode: o.kind.reasonCode ?? null }] : [],
  );
  const counted = new Set(['order.placed', ...windowsOf(input.offers).map((w) => w.type)]);
  const at = new Float64Array(1);
  let sink = 0;
  const mine = timed(() => (sink += recommend({ ...input, rng }).length));
  const floor = timed(() => {
    for (const e of input.customer.events) {
      if (!counted.has(e.type)) continue;
      readTime(e, at);
      sink += at[0]! > input.now ? 1 : 0;
    }
    for (const g of grants) sink += evaluate(input.policy, g, input.situation).outcome.length;
  });
  if (sink < 0) throw new Error('unreachable');
  return [
    figure('recommendations_p99_ms', percentile(mine, 99), 'ms', percentile(floor, 99)),
    figure('recommendations_p50_ms', percentile(mine, 50), 'ms', percentile(floor, 50)),
  ];
}
