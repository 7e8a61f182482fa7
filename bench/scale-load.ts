/**
 * The scale-out benchmark's load, in its own process so its client work is not mixed with the
 * runner's: `node --import tsx bench/scale-load.ts '<LoadConfig JSON>'`.
 * Connects agent sockets round-robin over the server processes, each watching one demo customer;
 * then sends signed webhook events round-robin over the processes with a fixed number in flight
 * (closed loop), and times webhook sent → `customer:event` received, on this process's clock.
 * Every event must reach every socket watching its customer: missing or extra receipts are counted.
 * Connects once, prints {"phase":"ready"}; then each "run" line on stdin is one measurement:
 * {"phase":"window-start"}, {"phase":"window-end"}, then {"phase":"result",...LoadResult}; "run at <n>"
 * sends n events per second instead, "run relay" goes through the relay.
 * "exit" (or stdin closing) disconnects and ends.
 */
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { signedHeaders } from '@shared/webhook-signature';
import { tokenPerGroup } from './sign-ins';
import { drive } from './load-pacing';
import { percentile, sleep } from './stats';

export interface LoadConfig {
  urls: string[];
  agents: number;
  concurrency: number;
  warmupMs: number;
  windowMs: number;
  key: { id: string; secret: string };
  emails: string[];
  /** Customers each socket watches, a ticket each (as an agent with several tabs): 1 unless set. */
  customersPerAgent?: number;
  /** The tenant's id, for runs through the benchmark relay (routes/bench/relay.ts: no storage): "run relay". */
  relayTenantId?: string;
}

export interface LoadResult {
  /** Events stored (200, status "stored") whose send started inside the measured window. */
  measured: number;
  windowMs: number;
  p50: number;
  p99: number;
  /** Every stored event, warm-up included. */
  stored: number;
  /** How many sends failed, and the first few of them. */
  errorCount: number;
  errors: string[];
  /** (event, watcher) pairs that never arrived, over every stored event. */
  missing: number;
  /** Receipts beyond one per watcher, or at a socket not watching that customer. */
  extra: number;
  /** Where the missing pairs are, per receiving process: which events (in send order), sent through which processes. */
  missingSummary: string[];
}

const arg = process.argv[2] ?? 'null';
const cfg = JSON.parse(arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg) as LoadConfig | null;
if (!cfg) {
  console.error("usage: scale-load.ts '<LoadConfig JSON>' | @config.json");
  process.exit(2);
}
const n = cfg.urls.length;
const emit = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

// Spreading: socket/request i goes to process i % n and is about customer ⌊i / n⌋ % customers,
// so every customer has watchers on, and events sent through, every process.
const processOf = (i: number) => i % n;
const customerOf = (i: number) => Math.floor(i / n) % cfg.emails.length;
const perAgent = cfg.customersPerAgent ?? 1;
/** The customers agent i watches: with one each, customerOf(i). */
const customersOf = (i: number) => Array.from({ length: perAgent }, (_, j) => (Math.floor(i / n) * perAgent + j) % cfg.emails.length);

interface Sent {
  t0: number;
  customer: number;
  via: number;
  /** Receipts per agent index: 0 or 1 expected. */
  got: Uint8Array;
  measured: boolean;
  stored: boolean;
}

/** The current run's events by key (keys are unique across runs: a late duplicate is "extra"). */
const sent = new Map<string, Sent>();
const latencies: number[] = [];
let next = 0;
const sockets: Socket[] = [];
/** Agent indexes watching each customer, and the customers each agent watches. */
const watchers: number[][] = cfg.emails.map(() => []);
const watches: Set<number>[] = [];
/** Customer ids as the server named them on open: the relay's URL needs them. */
const customerIds: string[] = [];
let extra = 0;

async function connectAgent(token: string, i: number): Promise<void> {
  // forceNew: one real connection per agent, not multiplexed over a shared manager.
  const s = io(cfg!.urls[processOf(i)]!, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 120_000,
  });
  sockets[i] = s;
  s.on('customer:event', ({ event }: { event: { data?: { reason?: string } } }) => {
    const at = performance.now();
    const e = sent.get(event.data?.reason ?? '');
    if (!e || !watches[i]?.has(e.customer) || e.got[i]! > 0) {
      extra++;
      if (e) e.got[i]!++;
      return;
    }
    e.got[i] = 1;
    if (e.measured) latencies.push(at - e.t0);
  });
  await new Promise<void>((res, rej) => {
    s.once('connect', () => res());
    s.once('connect_error', (err) => rej(new Error(`agent ${i}: ${err.message}`)));
  });
  watches[i] = new Set();
  for (const [j, c] of customersOf(i).entries()) {
    const ack = (await s.timeout(30_000).emitWithAck('interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: String(5000 + i * perAgent + j),
      requester: { email: cfg!.emails[c] },
    })) as { error?: string; data?: { status: string; context?: { customer: { id: string } } } };
    if (ack.error || ack.data?.status !== 'known') throw new Error(`agent ${i}: interaction:open: ${ack.error ?? ack.data?.status}`);
    customerIds[c] = ack.data.context!.customer.id;
    watches[i]!.add(c);
    watchers[c]!.push(i);
  }
}

/** This run goes through the relay (the floor), not the webhook. */
let relayRun = false;
/**
 * Open loop ("run at <rate>"): events sent at this steady rate (per second) whatever the replies,
 * instead of `concurrency` in flight. Deployments compared at one rate do the same work per second,
 * so their CPU per event is the cost of how the work is spread, not of how much of it there was.
 */
let ratePerS: number | null = null;

// One keep-alive pool per process, as many connections as requests in flight.
const pools = cfg.urls.map(() => new Agent({ keepAlive: true, maxSockets: cfg.concurrency }));

function post(via: number, customer: number, body: string): Promise<{ status: number; text: string }> {
  const path = relayRun ? `/bench/relay/${cfg!.relayTenantId}/${customerIds[customer]}` : '/v1/ingest/events';
  const u = new URL(path, cfg!.urls[via]);
  const headers = {
    ...signedHeaders(cfg!.key.id, cfg!.key.secret, body),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  };
  return new Promise((res, rej) => {
    const req = request(u, { method: 'POST', headers, agent: pools[via] }, (r) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (d) => (text += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, text }));
      r.on('error', rej);
    });
    req.on('error', rej);
    req.end(body);
  });
}

async function load(): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  const start = performance.now();
  const windowStart = start + cfg!.warmupMs;
  const windowEnd = windowStart + cfg!.windowMs;
  let phase: 'warm-up' | 'window' | 'done' = 'warm-up';
  /** Whether the run goes on: false once the window has ended (said once). */
  const going = (t0: number) => {
    if (phase === 'warm-up' && t0 >= windowStart) {
      phase = 'window';
      emit({ phase: 'window-start' });
    }
    if (t0 >= windowEnd) {
      if (phase === 'window') emit({ phase: 'window-end' });
      phase = 'done';
    }
    return phase !== 'done';
  };
  const send = async (t0: number) => {
    const k = next++;
    const key = `scale-${k}`;
    const e: Sent = {
      t0,
      customer: customerOf(k),
      via: processOf(k),
      got: new Uint8Array(cfg!.agents),
      measured: t0 >= windowStart,
      stored: false,
    };
    sent.set(key, e);
    const body = JSON.stringify({
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      type: 'payment.failed',
      customer: { email: cfg!.emails[e.customer] },
      data: { amountCents: 12900, currency: 'USD', reason: key },
    });
    try {
      const r = await post(e.via, e.customer, body);
      const ok = relayRun ? r.status === 200 : r.status === 200 && (JSON.parse(r.text) as { status?: string }).status === 'stored';
      if (ok) e.stored = true;
      else errors.push(`${key} via process ${e.via}: ${r.status} ${r.text.slice(0, 200)}`);
    } catch (err) {
      errors.push(`${key} via process ${e.via}: ${err instanceof Error ? err.message : err}`);
    }
  };
  await drive(send, going, { ratePerS, concurrency: cfg!.concurrency });
  return { errors };
}

/** Missing (event, watcher) pairs, over the run's stored events. */
function missingPairs(): { event: number; via: number; at: number }[] {
  const out: { event: number; via: number; at: number }[] = [];
  for (const [key, e] of sent) {
    if (!e.stored) continue;
    for (const w of watchers[e.customer]!)
      if (!e.got[w]) out.push({ event: Number(key.slice('scale-'.length)), via: e.via, at: processOf(w) });
  }
  return out;
}

function summarize(missing: { event: number; via: number; at: number }[]): string[] {
  const first = Math.min(...[...sent.keys()].map((k) => Number(k.slice('scale-'.length))));
  return cfg!.urls.flatMap((_, p) => {
    const here = missing.filter((m) => m.at === p);
    if (!here.length) return [];
    const events = [...new Set(here.map((m) => m.event - first))].sort((a, b) => a - b);
    const via = [...new Set(here.map((m) => m.via))].sort();
    const list = events.length > 12 ? `${events.slice(0, 12).join(', ')}, … (${events.length} events)` : events.join(', ');
    return [
      `${here.length} to agents on process ${p}: events #${list} of the run (counting from 0), sent through process ${via.join(', ')}`,
    ];
  });
}

async function run(): Promise<LoadResult> {
  sent.clear();
  latencies.length = 0;
  extra = 0;
  const { errors } = await load();
  // Deliveries still on their way after the last reply: wait for them (bounded), then count.
  const deadline = performance.now() + 10_000;
  while (missingPairs().length > 0 && performance.now() < deadline) await sleep(100);
  const missing = missingPairs();
  const events = [...sent.values()];
  return {
    measured: events.filter((e) => e.measured && e.stored).length,
    windowMs: cfg!.windowMs,
    p50: latencies.length ? percentile(latencies, 50) : NaN,
    p99: latencies.length ? percentile(latencies, 99) : NaN,
    stored: events.filter((e) => e.stored).length,
    errorCount: errors.length,
    errors: errors.slice(0, 5),
    missing: missing.length,
    extra,
    missingSummary: summarize(missing),
  };
}

function exit(): never {
  for (const s of sockets) s?.disconnect();
  for (const p of pools) p.destroy();
  process.exit(0);
}

async function main() {
  const tokenFor = tokenPerGroup(cfg!.urls[0]!);
  const BATCH = 50;
  for (let i = 0; i < cfg!.agents; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, cfg!.agents - i) }, async (_, j) => connectAgent(await tokenFor(i + j), i + j)));
  }
  await sleep(500); // let the connection burst settle
  emit({ phase: 'ready' });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = line.trim();
    if (command === 'run' || command === 'run relay' || command.startsWith('run at ')) {
      relayRun = command === 'run relay';
      ratePerS = command.startsWith('run at ') ? Number(command.slice('run at '.length)) : null;
      emit({ phase: 'result', ...(await run()) });
    } else if (command === 'exit') break;
  }
  exit();
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
