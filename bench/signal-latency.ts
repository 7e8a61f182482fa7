/**
 * Webhook sent → event row in the panel of a real extension in Chromium, with 1 and with
 * 500 other agent sockets connected; and the same through the bare relay route, which
 * only forwards the body to the customer's room. With 500, also webhook sent → a new suggested
 * offer caused by it in the same panel (recommendation-probe.ts; the server pushes it), beside the signal latency,
 * and beside signals sent after the same quiet as each order (a push after a rest is slower here all along its path).
 * Signed, relay, recommendation and rested samples alternate so all see the same machine state.
 */
import { randomUUID } from 'node:crypto';
import type { Frame } from 'playwright-core';
import { RECOMMEND_GAP_MS } from '@shared/nba/recommend-gap';
import { ingestSecret } from '../test/support/server-process';
import { startAgents } from './agents-process';
import { CUSTOMER_NAME, demoIds, TICKET_URL, withDemoStack } from './leeway-demo';
import { clockOffsetMs, panelFrame, rowSeenAt, watchEventRows } from './page-probe';
import { offerPushMetrics, socketEventMetrics } from '../test/support/socket-event-metrics';
import { addBenchOffer, offerSeenAt, type OrderSent, orderSender, watchBenchOffer } from './recommendation-probe';
import { sendSignedEvent } from './signed-event';
import { nowMs, percentile, sleep } from './stats';
import { figure, type Figure } from './types';

const SAMPLES = 200;
const WARMUP = 10;
const PAUSE_MS = 20;
const LOADS = [1, 500] as const;

export const signalLatencyNames = [
  'signal_latency_1_p50_ms',
  'signal_latency_1_p99_ms',
  'relay_latency_1_p50_ms',
  'relay_latency_1_p99_ms',
  'signal_latency_p50_ms',
  'signal_latency_p99_ms',
  'relay_latency_p50_ms',
  'relay_latency_p99_ms',
  'signal_latency_p99_vs_relay',
  'recommendation_latency_p50_ms',
  'recommendation_latency_p99_ms',
  'recommendation_latency_p99_vs_signal',
  'signal_latency_rested_p50_ms',
  'signal_latency_rested_p99_ms',
  'recommendation_latency_p99_vs_rested_signal',
  'recommendation_row_to_offer_p50_ms',
  'recommendation_row_to_offer_p99_ms',
];

interface Senders {
  /** Sends one event and resolves with [sent at, event id] (node clock). */
  signal(): Promise<[number, string]>;
  relay(): Promise<[number, string]>;
  order(): Promise<OrderSent>;
}

function senders(serverUrl: string, key: { id: string; secret: string }, ids: { tenantId: string; customerId: string }): Senders {
  const data = { amountCents: 12900, currency: 'USD' };
  return {
    order: orderSender(serverUrl, key),
    signal: () => sendSignedEvent(serverUrl, key, { type: 'payment.failed', data }),
    async relay() {
      const now = new Date().toISOString();
      const id = randomUUID();
      const body = JSON.stringify({ id, customerId: ids.customerId, type: 'payment.failed', data, occurredAt: now, receivedAt: now });
      const t0 = nowMs();
      const res = await fetch(`${serverUrl}/bench/relay/${ids.tenantId}/${ids.customerId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`relay: ${res.status} (is LEEWAY_BENCH_RELAY=1 honoured?)`);
      return [t0, id];
    },
  };
}

type Kind = 'signal' | 'relay' | 'recommendation';

/** Per kind, sent → shown (ms); a signal after the orders' quiet spell; and for each order, its row shown → its offer shown (where the time goes). */
type Samples = Record<Kind | 'rested' | 'orderRow' | 'rowToOffer', number[]>;
/** The quiet before each order (and each rested signal). */
const QUIET_MS = 2 * RECOMMEND_GAP_MS + 100;
async function measure(frame: Frame, s: Senders, kinds: Kind[]): Promise<Samples> {
  const out: Samples = { signal: [], relay: [], recommendation: [], rested: [], orderRow: [], rowToOffer: [] };
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    for (const kind of kinds) {
      if (kind === 'recommendation' && i % 2) {
        // The other rounds: a signal after the same quiet, the orders' like-for-like peer. On this
        // machine a push after a quiet second is slower all along its path (idle CPUs and threads wake
        // late), which the signals sent 20 ms apart never see.
        await sleep(QUIET_MS);
        const [t0, id] = await s.signal();
        const seen = await rowSeenAt(frame, id);
        if (i >= WARMUP) out.rested.push(seen - t0);
      } else if (kind === 'recommendation') {
        // Every other round, an order after a quiet spell, as one arrives in a working day. The panel
        // paces its asks (one start per RECOMMEND_GAP_MS; the last samples' pushes may have queued
        // one more, which starts a gap of its own): this times the event, not the pacing of a burst.
        await sleep(QUIET_MS);
        const o = await s.order();
        const seen = await offerSeenAt(frame, o.amount);
        const row = await rowSeenAt(frame, o.eventId);
        if (i >= WARMUP) {
          out.recommendation.push(seen - o.t0);
          out.orderRow.push(row - o.t0);
          out.rowToOffer.push(seen - row);
        }
      } else {
        const [t0, id] = await s[kind]();
        const seen = await rowSeenAt(frame, id);
        if (i >= WARMUP) out[kind].push(seen - t0);
      }
      await sleep(PAUSE_MS);
    }
  }
  return out;
}

export async function signalLatency(floor: { p50: number; p99: number }): Promise<Figure[]> {
  return withDemoStack(
    async ({ server, browser }) => {
      const ids = demoIds(server.dbFile);
      const s = senders(server.url, { id: 'acme-demo', secret: await ingestSecret(server.dbFile, 'acme-demo') }, ids);
      const page = await browser.context.newPage();
      await page.goto(TICKET_URL);
      await page
        .frameLocator('iframe[data-leeway-panel]')
        .locator('[data-field="customer-name"]')
        .filter({ hasText: CUSTOMER_NAME })
        .waitFor({ timeout: 30_000 });
      const frame = panelFrame(page);
      await watchEventRows(frame);
      await addBenchOffer(server.url); // shown from the first order sent: the panel asks again on its push
      await watchBenchOffer(frame);
      const clock = await clockOffsetMs(frame);
      console.error(`page clock − node clock: ${clock.offset.toFixed(3)} ms (round trip ${clock.rtt.toFixed(3)} ms)`);

      const figures: Figure[] = [];
      for (const load of LOADS) {
        const agents = await startAgents(server.url, load);
        try {
          await sleep(500); // let the connection burst settle
          const before = [await socketEventMetrics(server.url, 'offer:recommend'), await offerPushMetrics(server.url)];
          const r = await measure(frame, s, load === 500 ? ['signal', 'relay', 'recommendation'] : ['signal', 'relay']);
          const after = [await socketEventMetrics(server.url, 'offer:recommend'), await offerPushMetrics(server.url)];
          ['offer:recommend answered', 'offers pushed unasked'].forEach((what, i) => {
            const [n, sum] = [after[i]!.count - before[i]!.count, after[i]!.sum - before[i]!.sum];
            console.error(`${load} sockets: ${n} ${what}, ${((sum * 1000) / (n || 1)).toFixed(2)} ms each on the server on average`);
          });
          const p50p99 = (v: number[]) => `p50 ${percentile(v, 50).toFixed(1)} ms, p99 ${percentile(v, 99).toFixed(1)} ms`;
          if (r.rowToOffer.length)
            console.error(`order sent → its row shown: ${p50p99(r.orderRow)}; its row shown → its offer shown: ${p50p99(r.rowToOffer)}`);
          const suffix = load === 500 ? '' : `_${load}`;
          const sig99 = percentile(r.signal, 99);
          const rel99 = percentile(r.relay, 99);
          figures.push(
            figure(`signal_latency${suffix}_p50_ms`, percentile(r.signal, 50), 'ms', floor.p50),
            figure(`signal_latency${suffix}_p99_ms`, sig99, 'ms', floor.p99),
            figure(`relay_latency${suffix}_p50_ms`, percentile(r.relay, 50), 'ms', floor.p50),
            figure(`relay_latency${suffix}_p99_ms`, rel99, 'ms', floor.p99),
          );
          if (load === 500) {
            const rec99 = percentile(r.recommendation, 99);
            figures.push(
              figure('signal_latency_p99_vs_relay', sig99 / rel99, 'ratio'),
              // Floors: the signal latency of the same samples' run (the goal: within it).
              figure('recommendation_latency_p50_ms', percentile(r.recommendation, 50), 'ms', percentile(r.signal, 50)),
              figure('recommendation_latency_p99_ms', rec99, 'ms', sig99),
              figure('recommendation_latency_p99_vs_signal', rec99 / sig99, 'ratio'),
              // The same, against signals sent after the same quiet as the orders: like for like.
              figure('signal_latency_rested_p50_ms', percentile(r.rested, 50), 'ms', percentile(r.signal, 50)),
              figure('signal_latency_rested_p99_ms', percentile(r.rested, 99), 'ms', sig99),
              figure('recommendation_latency_p99_vs_rested_signal', rec99 / percentile(r.rested, 99), 'ratio'),
              // The order's own row shown → its offer shown, beside that row's own latency: what the agent sees between the two.
              figure('recommendation_row_to_offer_p50_ms', percentile(r.rowToOffer, 50), 'ms', percentile(r.orderRow, 50)),
              figure('recommendation_row_to_offer_p99_ms', percentile(r.rowToOffer, 99), 'ms', percentile(r.orderRow, 99)),
            );
          }
        } finally {
          await agents.stop();
        }
      }
      return figures;
    },
    // The panel asks for offers on every event and signals push: at the bench's pace (tens of events
    // a second for one customer, far beyond any real one's) that empties the sign-in's 600 a minute.
    { LEEWAY_SOCKET_RATE_LIMIT: '0' },
  );
}
