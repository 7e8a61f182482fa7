import { sleep } from './stats';

/**
 * Sends until `going` says the run is over: at a steady rate whatever the replies (open loop: each
 * send starts on its schedule, `t0` its scheduled time, so a slow reply delays none of the others),
 * or with `concurrency` sends in flight, each starting when one is answered (closed loop).
 */
export async function drive(
  send: (t0: number) => Promise<void>,
  going: (now: number) => boolean,
  pace: { ratePerS: number | null; concurrency: number },
): Promise<void> {
  const rate = pace.ratePerS;
  if (rate) {
    const start = performance.now();
    const inFlight = new Set<Promise<void>>();
    for (let k = 0; ; k++) {
      const due = start + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (!going(performance.now())) break;
      const p = send(due).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    return;
  }
  const worker = async () => {
    for (let t0 = performance.now(); going(t0); t0 = performance.now()) await send(t0);
  };
  await Promise.all(Array.from({ length: pace.concurrency }, worker));
}
