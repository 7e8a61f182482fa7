/**
 * The demo's server: `server/src/main.ts --demo` as a child process on the settings the user's
 * environment gives (LEEWAY_PORT, LEEWAY_DB_FILE…), as `npm start` runs it; or a server already
 * running, named with --server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface DemoServer {
  /** As the extension reaches it: a server listening on every interface is this machine's loopback. */
  url: string;
  /** When it answered: the demo's clock starts here. */
  readyAt: number;
  stop(): Promise<void>;
}

/** A failure the user can act on: the demo prints it alone and exits 1. */
export class DemoRefusal extends Error {}

export async function startDemoServer(env: NodeJS.ProcessEnv): Promise<DemoServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--demo'], {
    cwd: ROOT,
    env: { ...env, LEEWAY_LOG_LEVEL: env.LEEWAY_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const address = await new Promise<string>((res, rej) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) res(m[1]!);
    });
    child.once('exit', () => {
      const port = env.LEEWAY_PORT ?? '4000';
      if (/EADDRINUSE/.test(out)) {
        rej(
          new DemoRefusal(
            `Port ${port} is taken: is \`npm start\` running? Then use it: \`npm run demo -- --server http://127.0.0.1:${port}\`; or choose another port with LEEWAY_PORT.`,
          ),
        );
      } else rej(new DemoRefusal(`The server stopped before it listened:\n${out.trim()}`));
    });
  });
  return {
    url: address.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//127.0.0.1'),
    readyAt: Date.now(),
    stop: () => stopChild(child),
  };
}

/** A server the user already runs: it must answer and be in demo mode (it serves the demo desk). */
export async function useRunningServer(url: string): Promise<DemoServer> {
  const base = url.replace(/\/+$/, '');
  const desk = await fetch(`${base}/demo/desk/tickets/101`).catch(() => null);
  if (!desk) throw new DemoRefusal(`No Leeway server answers at ${base}. Start it with \`npm start\`, or leave out --server.`);
  if (desk.status !== 200) throw new DemoRefusal(`${base} is not in demo mode (it has no demo desk): start it with \`npm start\`.`);
  return { url: base, readyAt: Date.now(), stop: async () => {} };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res();
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}
