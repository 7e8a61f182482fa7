/** Starts bench/agents.ts as a child process and waits for its "ready". */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

export interface Agents {
  stop(): Promise<void>;
}

export async function startAgents(serverUrl: string, count: number): Promise<Agents> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/agents.ts', serverUrl, String(count)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    });
  let out = '';
  try {
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`agents not ready in 120 s:\n${out}`)), 120_000);
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('ready')) {
          clearTimeout(timer);
          res();
        }
      });
      child.stderr!.on('data', (d) => (out += d));
      child.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`agents exited with ${code}:\n${out}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop };
}
