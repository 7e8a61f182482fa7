import { describe, expect, it } from 'vitest';
import { nbaBenchFixture } from './bench-fixture';
import { checkOffers } from './policy-check';
import { recommend } from './recommend';
import { seededRng } from './sample';

describe('the benchmark case', () => {
  const f = nbaBenchFixture();
  it('is the size the bench promises, with offers the policy knows', () => {
    expect(f.customer.events).toHaveLength(10_000);
    expect(f.offers).toHaveLength(50);
    expect(checkOffers(f.offers, f.policy)).toEqual([]);
  });
  it('recommends three', () => expect(recommend({ ...f, rng: seededRng(1) })).toHaveLength(3));
  it('times as the bench will (printed, not asserted: a shared test machine is no benchmark)', () => {
    const rng = seededRng(3);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      recommend({ ...f, rng });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`recommend, 10,000 events × 50 offers: p50 ${times[100]!.toFixed(2)} ms, p99 ${times[198]!.toFixed(2)} ms`);
  });
});
