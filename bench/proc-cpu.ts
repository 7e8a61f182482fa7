/**
 * CPU time per component from /proc (Linux; USER_HZ is 100 on every mainstream kernel), to show
 * where a shared machine's cores went during a measurement.
 */
import { readdirSync, readFileSync } from 'node:fs';

const HZ = 100;

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process is gone
  }
};

/** utime + stime of a process, all its threads. */
const ticksOf = (pid: number): number => {
  const s = read(`/proc/${pid}/stat`);
  if (!s) return 0;
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
};

/** Processes named `comm`; `keep` filters on their command line. */
export const pidsNamed = (comm: string, keep: (cmdline: string) => boolean = () => true): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && read(`/proc/${d}/comm`).trim() === comm && keep(read(`/proc/${d}/cmdline`).replaceAll('\0', ' ')))
    .map(Number);

const machineTicks = (): { busy: number; all: number } => {
  const f = read('/proc/stat').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const all = f.reduce((a, b) => a + b, 0);
  return { busy: all - f[3]! - (f[4] ?? 0), all }; // minus idle and iowait
};

/**
 * Component name → its processes, or how to find them: a component whose processes come and go
 * (PostgreSQL's backends, opened and closed by the pools) is listed again at each snapshot.
 */
export type Components = Record<string, number[] | (() => number[])>;

export interface CpuSnapshot {
  at: number;
  /** Each component's processes, with their CPU ticks so far. */
  ticks: Record<string, Map<number, number>>;
  machine: { busy: number; all: number };
}

export const snapshot = (c: Components): CpuSnapshot => ({
  at: performance.now(),
  ticks: Object.fromEntries(
    Object.entries(c).map(([name, pids]) => [
      name,
      new Map((typeof pids === 'function' ? pids() : pids).map((pid) => [pid, ticksOf(pid)])),
    ]),
  ),
  machine: machineTicks(),
});

/**
 * % of one core per component between two snapshots, plus "other" (whatever else ran: the
 * machine is shared) and "idle"; over all of them, 100 % per core. A process that started
 * between them counts from its start; one that ended between them is not counted (what it used
 * before ending is no longer readable, and counting its start alone would make the sum negative).
 */
export function cpuPercent(c: Components, a: CpuSnapshot, b: CpuSnapshot, cores: number): Record<string, number> {
  const secs = (b.at - a.at) / 1000;
  const out: Record<string, number> = {};
  for (const name of Object.keys(c)) {
    let ticks = 0;
    for (const [pid, end] of b.ticks[name] ?? []) if (end > 0) ticks += end - (a.ticks[name]?.get(pid) ?? 0);
    out[name] = (ticks / HZ / secs) * 100;
  }
  const m = { busy: b.machine.busy - a.machine.busy, all: b.machine.all - a.machine.all };
  const machine = m.all ? (m.busy / m.all) * cores * 100 : 0;
  const ours = Object.values(out).reduce((x, y) => x + y, 0);
  out.other = Math.max(0, machine - ours);
  out.idle = Math.max(0, cores * 100 - machine);
  return out;
}
