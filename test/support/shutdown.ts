/**
 * The real server process for the graceful-shutdown tests: servers started here are SIGKILLed
 * after each test; clients that sign in, connect and send resolutions; what the database holds
 * afterwards and whether its log verifies.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';
import { bundled } from './bundled';
import { clientKeyOf } from './client-key';
import { openRaw } from './raw-db';
import { startServer, type ServerProcess } from './server-process';
import type { DbTarget } from './test-database';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const run = promisify(execFile);

/** `start` for a test file: each server it starts is SIGKILLed after the test. */
export function useServers() {
  let servers: ServerProcess[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    servers = [];
  });
  const start = async (opts: Parameters<typeof startServer>[0] = {}) => {
    const s = await startServer(opts);
    servers.push(s);
    return s;
  };
  return start;
}

export async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'leeway-demo' }),
  });
  return ((await res.json()) as { token: string }).token;
}

export function connect(url: string, token: string): Promise<ClientSocket> {
  // No reconnection here: the test resends by hand after the restart, like the outbox does.
  // The ack timeout only makes a lost answer visible (it must never fire): a disconnect fails pending acks at once.
  const s: ClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, ackTimeout: 60_000 });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

export const resolution = (idempotencyKey: string, i: number) => ({
  idempotencyKey,
  helpdesk: 'zendesk',
  ticketId: `burst-${i}`,
  outcome: 'resolved' as const,
  category: 'billing' as const,
  note: '',
  handleTimeSeconds: 60,
});

export const exited = (s: ServerProcess) =>
  new Promise<number | null>((resolve) =>
    s.child.exitCode !== null ? resolve(s.child.exitCode) : s.child.once('exit', (code) => resolve(code)),
  );

export async function rowsByKey(target: DbTarget): Promise<Map<string, number>> {
  const db = await openRaw(target, { readonly: true });
  try {
    const rows = await db.all<{ k: string; n: number }>(
      "select idempotency_key as k, count(*) as n from resolution_log where kind = 'resolution' group by idempotency_key",
    );
    return new Map(rows.map((r) => [clientKeyOf(r.k), r.n]));
  } finally {
    await db.close();
  }
}

/** Sessions other than this one on the database (PostgreSQL): a server that stopped cleanly leaves none. */
export async function otherSessions(target: DbTarget & { kind: 'postgres' }): Promise<number> {
  const db = await openRaw(target, { readonly: true });
  try {
    return (await db.one<{ n: number }>(
      'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    ))!.n;
  } finally {
    await db.close();
  }
}

/** scripts/verify-log.ts on a server's database: `--db` names the SQLite file; a PostgreSQL one comes from LEEWAY_DATABASE_URL. */
export const verifyLog = async ({ target }: ServerProcess) =>
  run(
    process.execPath,
    [await bundled('scripts/verify-log.ts'), ...(target.kind === 'sqlite' ? ['--db', target.file] : []), '--tenant', 'acme'],
    {
      env: { ...process.env, ...(target.kind === 'postgres' && { LEEWAY_DATABASE_URL: target.url }) },
    },
  );
