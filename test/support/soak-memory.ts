/**
 * A server process's memory, measured from outside: resident set size read from
 * /proc/<pid>/status (costs the server nothing), and the live heap after a full GC through
 * soak-memory-probe.mjs (a short pause in the server: used at a few checkpoints only).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const PROBE = resolve(import.meta.dirname, 'soak-memory-probe.mjs');

/** NODE_OPTIONS that load the probe, keeping whatever the caller already had. */
export const probeNodeOptions = () => `${process.env.NODE_OPTIONS ?? ''} --import ${PROBE}`.trim();

export interface MemorySample {
  at: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Resident set size in bytes, or null once the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples RSS every `everyMs` until stopped; returns the peak. */
export function watchRss(pid: number, everyMs = 250) {
  let peak = rssBytes(pid) ?? 0;
  const timer = setInterval(() => {
    const v = rssBytes(pid);
    if (v !== null && v > peak) peak = v;
  }, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      const v = rssBytes(pid);
      return Math.max(peak, v ?? 0);
    },
  };
}

const LINE = /soak-memory (\{.*\})/g;

/** Asks the probe in `child` for a sample after a full GC and waits for its line in `output()`. */
export async function liveHeap(child: ChildProcess, output: () => string, timeoutMs = 15_000): Promise<MemorySample> {
  const before = [...output().matchAll(LINE)].length;
  child.kill('SIGUSR2');
  const until = Date.now() + timeoutMs;
  for (;;) {
    const lines = [...output().matchAll(LINE)];
    if (lines.length > before) return JSON.parse(lines[lines.length - 1]![1]!) as MemorySample;
    if (Date.now() > until || child.exitCode !== null)
      throw new Error('the memory probe did not answer: is the process started with probeNodeOptions()?');
    await new Promise((r) => setTimeout(r, 20));
  }
}
