/** The app in-process on a temporary SQLite file with the demo tenants, listening on a free port. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import { buildApp, type BuildOptions } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { seedDemo } from '../../server/src/demo/seed';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function startTestApp(env: Record<string, string> = {}, build: BuildOptions = {}) {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'leeway-it-')), 'leeway.db');
  const config = loadConfig({ NODE_ENV: 'test', LEEWAY_DB_FILE: dbFile, LEEWAY_LOG_LEVEL: 'silent', ...env });
  const app = await buildApp(config, build);
  const seeded = (await seedDemo(app.repos))!;
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const sockets: ClientSocket[] = [];

  async function token(email: string, password = 'leeway-demo'): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password } });
    return res.json().token;
  }

  /** A real socket.io client, connected (or rejected) before it is returned. */
  async function socket(authToken: string | undefined): Promise<{ socket: ClientSocket; error?: string }> {
    const s: ClientSocket = connect(url, { auth: authToken === undefined ? {} : { token: authToken }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    return new Promise((resolve) => {
      s.once('connect', () => resolve({ socket: s }));
      s.once('connect_error', (e) => resolve({ socket: s, error: e.message }));
    });
  }

  return {
    app,
    url,
    dbFile,
    masterKeyHex: config.masterKey.toString('hex'),
    seeded,
    token,
    socket,
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
