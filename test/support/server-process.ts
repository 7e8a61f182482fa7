/**
 * The real Leeway server as a child process on a real SQLite file, so tests can kill it
 * (SIGKILL included) and start it again on the same port and database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  port: number;
  dbFile: string;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServer(opts: { dbFile?: string; port?: number; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const dbFile = opts.dbFile ?? join(mkdtempSync(join(tmpdir(), 'leeway-db-')), 'leeway.db');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LEEWAY_DB_FILE: dbFile,
      LEEWAY_PORT: String(opts.port ?? 0),
      LEEWAY_LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => rej(new Error(`server exited with ${code}:\n${out}`)));
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    dbFile,
    child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once('exit', () => res());
        child.kill(signal);
      }),
  };
}

/** Reads an ingest key's secret straight from the database, as an admin would hand it over. */
export function ingestSecret(dbFile: string, keyId: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare('select secret from ingest_keys where id = ?').get(keyId) as { secret: string }).secret;
  } finally {
    db.close();
  }
}

export function countRows(dbFile: string, table: string): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
