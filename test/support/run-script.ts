import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { bundled } from './bundled';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * One of scripts/ as an operator runs it: the environment of this process without `unset`
 * (the database and key settings a test must not leak into it), plus `env`.
 */
export async function runScript(
  script: string,
  args: string[],
  opts: { env?: Record<string, string>; unset?: string[] } = {},
): Promise<ScriptRun> {
  const env = { ...process.env };
  for (const name of opts.unset ?? []) delete env[name];
  const child = spawn(process.execPath, [await bundled(`scripts/${script}`), ...args], {
    cwd: ROOT,
    env: { ...env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((res) => child.once('close', (code) => res({ code, stdout, stderr })));
}
