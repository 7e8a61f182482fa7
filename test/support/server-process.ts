/**
 * The real Leeway server as a child process on a real database of the engine under test, so
 * tests can kill it (SIGKILL included) and start it again on the same port and database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSecret } from '../../server/src/auth/ingest-secret';
import { primeDemoHash } from './argon2-memo.mjs';
import { openRaw } from './raw-db';
import { bundled } from './bundled';
import { newTestDatabase, type DbTarget } from './test-database';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  port: number;
  /** The SQLite file, or where the demo's generated secrets live on PostgreSQL. */
  dbFile: string;
  target: DbTarget;
  /** Pass as `dbEnv` to start another process on the same database. */
  dbEnv: Record<string, string>;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `dbFile` forces a SQLite file (tests about files and disks); `dbEnv` reuses another server's
 * database; neither makes a fresh one.
 */
export async function startServer(
  opts: { dbFile?: string; dbEnv?: Record<string, string>; port?: number; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const [dbEnv, bundle] = await Promise.all([
    opts.dbEnv ?? (opts.dbFile ? { LEEWAY_DB_FILE: opts.dbFile } : newTestDatabase({ migrated: true }).then((d) => d.env)),
    bundled('server/src/main.ts'),
    primeDemoHash(),
  ]);
  // Bundled once per test process (bundled.ts), its argon2 the memo (argon2-memo.mjs).
  const child = spawn(process.execPath, [bundle, '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LEEWAY_PORT: String(opts.port ?? 0),
      LEEWAY_LOG_LEVEL: 'warn',
      ...dbEnv,
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
  const dbFile = dbEnv.LEEWAY_DB_FILE!;
  masterKeys.set(dbEnv.LEEWAY_DATABASE_URL ?? dbFile, { env: opts.env?.LEEWAY_MASTER_KEY, dbFile });
  return {
    url,
    port,
    dbFile,
    target: dbEnv.LEEWAY_DATABASE_URL ? { kind: 'postgres', url: dbEnv.LEEWAY_DATABASE_URL } : { kind: 'sqlite', file: dbFile },
    dbEnv,
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

/** Where the servers started here on each database (file or URL) got their master key: the environment, or the demo's file beside the database. */
const masterKeys = new Map<string, { env?: string; dbFile: string }>();

/**
 * Reads an ingest key's secret from the database, as an admin would hand it over: stored sealed,
 * it is opened with the master key of the server started on that database.
 */
export async function ingestSecret(target: DbTarget | string, keyId: string): Promise<string> {
  const t = asTarget(target);
  const db = await openRaw(t, { readonly: true });
  let stored: string;
  try {
    stored = (await db.one<{ secret: string }>('select secret from ingest_keys where id = ?', keyId))!.secret;
  } finally {
    await db.close();
  }
  const started = masterKeys.get(t.kind === 'sqlite' ? t.file : t.url);
  const hex = started?.env ?? readFileSync(`${started?.dbFile ?? (t.kind === 'sqlite' ? t.file : '')}.master-key`, 'utf8').trim();
  return openSecret(Buffer.from(hex, 'hex'), stored);
}

export async function countRows(target: DbTarget | string, table: string): Promise<number> {
  const db = await openRaw(asTarget(target), { readonly: true });
  try {
    return (await db.one<{ n: number }>(`select count(*) as n from ${table}`))!.n;
  } finally {
    await db.close();
  }
}

/** A bare path names a SQLite file. */
const asTarget = (t: DbTarget | string): DbTarget => (typeof t === 'string' ? { kind: 'sqlite', file: t } : t);
