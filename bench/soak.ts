/**
 * The soak as a benchmark: the load of test/soak/soak.test.ts (2,000 agents in rooms of 10,
 * 50 team leads on duty, steady webhooks, exceptions and resolutions), for SOAK_SECONDS
 * (default 60), then a bare socket.io server holding as many clients in rooms, for the memory floor.
 * Memory per socket = (server resident set − the same server's before any client) ÷ sockets.
 */
import { runSoak } from '../test/support/soak-run';
import { floorMemory } from './soak-floor';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const soakNames = [
  'soak_sockets_held',
  'soak_messages_per_s',
  'soak_signal_latency_p50_ms',
  'soak_signal_latency_p99_ms',
  'soak_errors',
  'soak_memory_per_socket_kb',
  'soak_memory_vs_bare',
  'soak_memory_per_socket_held_kb',
  'soak_heap_per_socket_kb',
];

const SIZE = { agents: 2000, supervisors: 50, customers: 200 };
const RATES = { signalsPerS: 20, exceptionsPerS: 4, resolutionsPerS: 10 };

export async function soakBench(wsFloor: { p50: number; p99: number }): Promise<Figure[]> {
  const seconds = Number(process.env.SOAK_SECONDS ?? 60);
  if (!(seconds > 0)) throw new Error('SOAK_SECONDS must be a positive number of seconds');
  // No live-heap checkpoints during the window: each is a full GC in the server, which would show in p99.
  const r = await runSoak({ ...SIZE, seconds, rates: RATES, log: (l) => console.error(`  ${l}`) });
  const { report: rep, memory: mem } = r;
  const errors = rep.errorCount + rep.unaccountedCount + r.serverErrors.length;
  for (const line of [...rep.errors, ...rep.unaccounted, ...r.serverErrors].slice(0, 20)) console.error(`  soak error: ${line}`);
  console.error(
    `  ${rep.received.events} signal deliveries, ${rep.sent.exceptions} exceptions, ${rep.sent.resolutions} resolutions; measuring the bare socket.io floor…`,
  );
  const floor = await floorMemory(r.planned, SIZE.customers);

  const kb = (bytes: number) => bytes / 1024;
  return [
    figure('soak_sockets_held', Math.min(r.serverSockets, rep.socketsConnected), 'count'),
    figure('soak_messages_per_s', (rep.messagesIn + rep.messagesOut) / rep.seconds, '1/s'),
    figure('soak_signal_latency_p50_ms', percentile(rep.signalLatencyMs, 50), 'ms', wsFloor.p50),
    figure('soak_signal_latency_p99_ms', percentile(rep.signalLatencyMs, 99), 'ms', wsFloor.p99),
    figure('soak_errors', errors, 'count'),
    figure('soak_memory_per_socket_kb', kb((mem.peakRss - mem.baseline.rss) / r.planned), 'KiB', kb(floor.peakRssPerSocket)),
    figure('soak_memory_vs_bare', (mem.peakRss - mem.baseline.rss) / r.planned / floor.peakRssPerSocket, 'ratio'),
    figure('soak_memory_per_socket_held_kb', kb((mem.held.rss - mem.baseline.rss) / r.planned), 'KiB', kb(floor.heldRssPerSocket)),
    figure('soak_heap_per_socket_kb', kb((mem.held.heapUsed - mem.baseline.heapUsed) / r.planned), 'KiB', kb(floor.heldHeapPerSocket)),
  ];
}
