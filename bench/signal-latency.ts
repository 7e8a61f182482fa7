/**
 * Webhook sent → event row in the panel of a real extension in Chromium, with 1 and with
 * 500 other agent sockets connected; and the same through the bare relay route, which
 * only forwards the body to the customer's room. Signed and relay samples alternate so
 * both see the same machine state.
 */
import { randomUUID } from 'node:crypto';
import type { Frame } from 'playwright-core';
import { signedHeaders } from '@shared/webhook-signature';
import { ingestSecret } from '../test/support/server-process';
import { startAgents } from './agents-process';
import { CUSTOMER_EMAIL, CUSTOMER_NAME, demoIds, TICKET_URL, withDemoStack } from './leeway-demo';
import { clockOffsetMs, panelFrame, rowSeenAt, watchEventRows } from './page-probe';
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
];

interface Senders {
  /** Sends one event and resolves with [sent at, event id] (node clock). */
  signal(): Promise<[number, string]>;
  relay(): Promise<[number, string]>;
}

function senders(serverUrl: string, key: { id: string; secret: string }, ids: { tenantId: string; customerId: string }): Senders {
  const data = { amountCents: 12900, currency: 'USD' };
  return {
    async signal() {
      const body = JSON.stringify({
        id: randomUUID(),
        occurredAt: new Date().toISOString(),
        type: 'payment.failed',
        customer: { email: CUSTOMER_EMAIL },
        data,
      });
      const headers = signedHeaders(key.id, key.secret, body);
      const t0 = nowMs();
      const res = await fetch(`${serverUrl}/v1/ingest/events`, { method: 'POST', headers, body });
      const reply = (await res.json()) as { status?: string; eventId?: string };
      if (res.status !== 200 || reply.status !== 'stored' || !reply.eventId)
        throw new Error(`ingest: ${res.status} ${JSON.stringify(reply)}`);
      return [t0, reply.eventId];
    },
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

async function measure(frame: Frame, s: Senders): Promise<{ signal: number[]; relay: number[] }> {
  const out = { signal: [] as number[], relay: [] as number[] };
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    for (const kind of ['signal', 'relay'] as const) {
      const [t0, id] = await s[kind]();
      const seen = await rowSeenAt(frame, id);
      if (i >= WARMUP) out[kind].push(seen - t0);
      await sleep(PAUSE_MS);
    }
  }
  return out;
}

export async function signalLatency(floor: { p50: number; p99: number }): Promise<Figure[]> {
  return withDemoStack(async ({ server, browser }) => {
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
    const clock = await clockOffsetMs(frame);
    console.error(`page clock − node clock: ${clock.offset.toFixed(3)} ms (round trip ${clock.rtt.toFixed(3)} ms)`);

    const figures: Figure[] = [];
    for (const load of LOADS) {
      const agents = await startAgents(server.url, load);
      try {
        await sleep(500); // let the connection burst settle
        const r = await measure(frame, s);
        const suffix = load === 500 ? '' : `_${load}`;
        const sig99 = percentile(r.signal, 99);
        const rel99 = percentile(r.relay, 99);
        figures.push(
          figure(`signal_latency${suffix}_p50_ms`, percentile(r.signal, 50), 'ms', floor.p50),
          figure(`signal_latency${suffix}_p99_ms`, sig99, 'ms', floor.p99),
          figure(`relay_latency${suffix}_p50_ms`, percentile(r.relay, 50), 'ms', floor.p50),
          figure(`relay_latency${suffix}_p99_ms`, rel99, 'ms', floor.p99),
        );
        if (load === 500) figures.push(figure('signal_latency_p99_vs_relay', sig99 / rel99, 'ratio'));
      } finally {
        await agents.stop();
      }
    }
    return figures;
  });
}
