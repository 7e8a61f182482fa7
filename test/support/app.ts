/** The app in-process on a fresh database of the engine under test, with the demo tenants, listening on a free port. */
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';
import { buildApp, type BuildOptions } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { seedDemo } from '../../server/src/demo/seed';
import { openRaw, type RawDb } from './raw-db';
import { engine, newTestDatabase } from './test-database';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `env` may name an existing database (LEEWAY_DB_FILE / LEEWAY_DATABASE_URL) to start again on it. */
export async function startTestApp(env: Record<string, string> = {}, build: BuildOptions = {}) {
  const reuse = env.LEEWAY_DB_FILE !== undefined || env.LEEWAY_DATABASE_URL !== undefined;
  const fresh = reuse ? null : await newTestDatabase({ migrated: true });
  const dbEnv = fresh?.env ?? {};
  const config = loadConfig({ NODE_ENV: 'test', LEEWAY_LOG_LEVEL: 'silent', ...dbEnv, ...env });
  const app = await buildApp(config, build);
  const seeded = (await seedDemo(app.repos))!;
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const sockets: ClientSocket[] = [];
  const target =
    config.database.kind === 'postgres'
      ? ({ kind: 'postgres', url: config.database.url } as const)
      : ({ kind: 'sqlite', file: config.database.file } as const);
  let raw: RawDb | null = null;

  async function token(email: string, password = 'leeway-demo'): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
    return res.json().token;
  }

  /** A real socket.io client, connected (or rejected) before it is returned. */
  async function socket(authToken: string | undefined): Promise<{ socket: ClientSocket; error?: string }> {
    const s: ClientSocket = connect(url, {
      auth: authToken === undefined ? {} : { token: authToken },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(s);
    return new Promise((resolve) => {
      s.once('connect', () => resolve({ socket: s }));
      s.once('connect_error', (e) => resolve({ socket: s, error: e.message }));
    });
  }

  return {
    app,
    url,
    engine,
    /** The SQLite file (also where the demo's generated secrets live on either engine). */
    dbFile: config.dbFile,
    /** What to pass as `env` to start another app on the same database. */
    dbEnv: { LEEWAY_DB_FILE: config.dbFile, ...(target.kind === 'postgres' && { LEEWAY_DATABASE_URL: target.url }) } as Record<
      string,
      string
    >,
    target,
    /** Plain SQL on the same database, from outside the app (one connection, opened on first use). */
    async raw(): Promise<RawDb> {
      raw ??= await openRaw(target);
      return raw;
    },
    masterKeyHex: config.masterKey.toString('hex'),
    seeded,
    token,
    socket,
    /** `keepDatabase` leaves a PostgreSQL database in place for a restart on it (the SQLite file always stays). */
    async close(opts: { keepDatabase?: boolean } = {}) {
      for (const s of sockets) s.disconnect();
      await raw?.close();
      raw = null;
      await app.close();
      if (!opts.keepDatabase) await fresh?.drop();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
