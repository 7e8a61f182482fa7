/**
 * The soak's memory floor: bench/soak-floor-server.ts (bare socket.io, no app, the same
 * memory probe preloaded) holding `sockets` websocket clients joined to `rooms` rooms, the
 * clients in their own process. Measured exactly as the soak measures Leeway: resident set
 * and live heap after a full GC before any client, then with every client in its room.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { liveHeap, PROBE, watchRss } from '../test/support/soak-memory';
import { sleep } from './stats';

const ROOT = resolve(import.meta.dirname, '..');
const HOLD_MS = 3000;

export interface FloorMemory {
  /** Bytes per socket: highest resident set while holding them, above the empty server's. */
  peakRssPerSocket: number;
  /** Bytes per socket: resident set after a full GC while holding them, above the empty server's. */
  heldRssPerSocket: number;
  /** Bytes per socket: live heap while holding them, above the empty server's. */
  heldHeapPerSocket: number;
}

function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, what: string, ms: number): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`${what}: not ready in ${ms / 1000} s:\n${output()}`)), ms);
    const check = () => {
      const m = pattern.exec(output());
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        res(m);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${what} exited with ${code}:\n${output()}`));
    });
    check();
  });
}

function start(args: string[]) {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

const stop = (child: ChildProcess) =>
  new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });

export async function floorMemory(sockets: number, rooms: number): Promise<FloorMemory> {
  const server = start(['--import', PROBE, '--import', 'tsx', 'bench/soak-floor-server.ts']);
  let clients: ReturnType<typeof start> | undefined;
  try {
    const [, url] = await waitFor(server.child, server.output, /floor listening on (http:\/\/\S+)/, 'floor server', 30_000);
    const baseline = await liveHeap(server.child, server.output);
    const rss = watchRss(server.child.pid!);
    clients = start(['--import', 'tsx', 'bench/soak-floor-clients.ts', url!, String(sockets), String(rooms)]);
    await waitFor(clients.child, clients.output, /^ready$/m, 'floor clients', 300_000);
    await sleep(HOLD_MS);
    const peak = rss.stop();
    const held = await liveHeap(server.child, server.output);
    return {
      peakRssPerSocket: (peak - baseline.rss) / sockets,
      heldRssPerSocket: (held.rss - baseline.rss) / sockets,
      heldHeapPerSocket: (held.heapUsed - baseline.heapUsed) / sockets,
    };
  } finally {
    if (clients) await stop(clients.child);
    await stop(server.child);
  }
}
