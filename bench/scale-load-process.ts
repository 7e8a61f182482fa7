/**
 * Starts bench/scale-load.ts against one deployment, waits for its agents to connect, and runs
 * measurements on demand, reading CPU per component at the measured window's start and end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuPercent, pidsNamed, snapshot, type Components, type CpuSnapshot } from './proc-cpu';
import type { Deployment } from './scale-deploy';
import type { LoadConfig, LoadResult } from './scale-load';

const ROOT = resolve(import.meta.dirname, '..');
const CORES = 2; // what the explanation is about; the figures do not depend on it

export interface LoadProcess {
  /**
   * One measurement: `concurrency` events in flight; `relay`: through the benchmark relay instead of
   * the webhook (config.relayTenantId); `{ ratePerS }`: events sent at that steady rate (open loop).
   */
  run(mode?: 'relay' | { ratePerS: number }): Promise<{ result: LoadResult; cpu: Record<string, number> }>;
  stop(): Promise<void>;
}

type Message = { phase: 'ready' | 'window-start' | 'window-end' } | ({ phase: 'result' } & LoadResult);

export async function startLoad(d: Deployment, load: Omit<LoadConfig, 'urls' | 'key'>): Promise<LoadProcess> {
  const cfg: LoadConfig = { ...load, urls: d.urls, key: d.key };
  // In a file: 10,000 customers' emails are more than a command line takes.
  const cfgFile = join(mkdtempSync(join(tmpdir(), 'leeway-load-')), 'config.json');
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scale-load.ts', `@${cfgFile}`], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (b) => (err += b));
  child.stdin!.on('error', () => undefined); // a child that died is reported by its exit
  // Every line the child prints goes to whoever waits for it now.
  let listener: ((m: Message) => void) | null = null;
  let failed: ((e: Error) => void) | null = null;
  let buf = '';
  child.stdout!.on('data', (b) => {
    buf += b;
    for (let nl: number; (nl = buf.indexOf('\n')) >= 0; buf = buf.slice(nl + 1)) listener?.(JSON.parse(buf.slice(0, nl)) as Message);
  });
  child.once('exit', (code) => failed?.(new Error(`${d.label}: load generator exited with ${code}:\n${err}`)));
  const until = <T>(ms: number, what: string, on: (m: Message, done: (v: T) => void) => void) =>
    new Promise<T>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${d.label}: load generator: no ${what} in ${ms / 1000} s:\n${err}`)), ms);
      const done = (v: T) => {
        clearTimeout(timer);
        listener = failed = null;
        res(v);
      };
      failed = (e) => {
        clearTimeout(timer);
        rej(e);
      };
      listener = (m) => on(m, done);
    });
  const stop = () =>
    new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once('exit', () => r());
      child.stdin!.end('exit\n');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });

  try {
    await until<void>(900_000, 'ready', (m, done) => m.phase === 'ready' && done());
  } catch (e) {
    await stop();
    throw e;
  }
  // Client backends of other databases (other people's tests) are not ours; PostgreSQL's own processes are.
  const ourPostgres = (cmd: string) => (d.dbName !== null && cmd.includes(d.dbName)) || !/\(\d+\)|\[local\]/.test(cmd);
  return {
    stop,
    run(mode) {
      if (child.exitCode !== null || child.signalCode !== null)
        return Promise.reject(new Error(`${d.label}: load generator is gone:\n${err}`));
      let components: Components = {};
      let start: CpuSnapshot | null = null;
      let cpu: Record<string, number> = {};
      const p = until<{ result: LoadResult; cpu: Record<string, number> }>(120_000, 'result', (m, done) => {
        if (m.phase === 'window-start') {
          components = {
            servers: d.serverPids,
            postgres: () => pidsNamed('postgres', ourPostgres),
            redis: () => pidsNamed('redis-server'),
            'load generator': [child.pid!],
            runner: [process.pid],
          };
          start = snapshot(components);
        } else if (m.phase === 'window-end' && start) cpu = cpuPercent(components, start, snapshot(components), CORES);
        else if (m.phase === 'result') done({ result: m, cpu });
      });
      child.stdin!.write(mode === 'relay' ? 'run relay\n' : mode ? `run at ${mode.ratePerS}\n` : 'run\n');
      return p;
    },
  };
}
