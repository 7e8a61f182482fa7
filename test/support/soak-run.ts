/**
 * One soak, start to finish: the real server as a process on a temp SQLite file (with the
 * memory probe preloaded), the soak's people and customers seeded, the client process
 * (soak-clients/main.ts) connected, the load run, then what the database holds and what the
 * server's memory did. Used by test/soak/soak.test.ts and bench/soak.ts; stops all it starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ingestSecret, startServer, type ServerProcess } from './server-process';
import { liveHeap, probeNodeOptions, watchRss, type MemorySample } from './soak-memory';
import { seedSoak, type SoakSize } from './soak-seed';
import type { FromClients, SoakRates, SoakReport, ToClients } from './soak-types';
import { clientKeyOf } from './client-key';

const ROOT = resolve(import.meta.dirname, '../..');

export interface SoakOptions extends SoakSize {
  seconds: number;
  rates: SoakRates;
  drainSeconds?: number;
  /** Live-heap samples (each a full GC in the server) at these fractions of the window. */
  heapCheckpoints?: number[];
  log?: (line: string) => void;
}

export interface SoakResult {
  report: SoakReport;
  setupSeconds: number;
  /** Sockets the plan holds (agents + supervisors). */
  planned: number;
  /** The server's own count of connected clients when the window closed (GET /health). */
  serverSockets: number;
  memory: {
    /** Live heap before any client connected. */
    baseline: MemorySample;
    /** Live heap with every socket connected and every ticket open, before the load. */
    held: MemorySample;
    checkpoints: { fraction: number; sample: MemorySample }[];
    /** Live heap after the drain, sockets still connected. */
    drained: MemorySample;
    /** Highest resident set size seen from the load's start to the drain's end. */
    peakRss: number;
  };
  db: { resolutionsStored: number; resolutionsMissing: number; exceptionsPending: number; exceptionsDecided: number; eventsStored: number };
  /** Error-level lines the server logged. */
  serverErrors: string[];
}

/** The server's env for a soak: limits high enough for 2,050 sign-ins from one address and the webhook stream. */
export const SOAK_SERVER_ENV = {
  LEEWAY_LOG_LEVEL: 'warn',
  LEEWAY_RATE_LIMIT: '1000000',
  LEEWAY_INGEST_RATE_LIMIT: '1000000',
};

function startClients(): {
  child: ChildProcess;
  next: (type: FromClients['type'], ms: number) => Promise<FromClients>;
  send: (m: ToClients) => void;
  stderr: () => string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/soak-clients/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const inbox: FromClients[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (m: FromClients) => {
    inbox.push(m);
    for (const w of waiters.splice(0)) w();
  });
  child.on('exit', () => {
    for (const w of waiters.splice(0)) w();
  });
  const next = async (type: FromClients['type'], ms: number): Promise<FromClients> => {
    const until = Date.now() + ms;
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type || m.type === 'fatal');
      if (i >= 0) {
        const [m] = inbox.splice(i, 1);
        if (m!.type === 'fatal') throw new Error(`soak clients: ${m!.message}`);
        return m!;
      }
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`soak clients exited (${child.exitCode ?? child.signalCode}) waiting for ${type}:\n${err}`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`soak clients: no ${type} in ${Math.round(ms / 1000)} s:\n${err}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 1000));
        waiters.push(() => (clearTimeout(t), r()));
      });
    }
  };
  return { child, next, send: (m) => child.send(m), stderr: () => err };
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(kill), r()));
    if (child.connected) child.send({ type: 'stop' } satisfies ToClients);
    else child.kill('SIGTERM');
  });

async function serverSockets(url: string): Promise<number> {
  const res = await fetch(`${url}/health`);
  return ((await res.json()) as { sockets: number }).sockets;
}

function whatTheDbHolds(dbFile: string, report: SoakReport): SoakResult['db'] {
  const db = new Database(dbFile, { readonly: true });
  try {
    const keys = new Set(
      (db.prepare("select idempotency_key as k from resolution_log where kind = 'resolution'").all() as { k: string }[]).map((r) =>
        clientKeyOf(r.k),
      ),
    );
    const byStatus = new Map<string, number>();
    const status = db.prepare('select status from exceptions where id = ?');
    for (const id of report.exceptionIds) {
      const s = (status.get(id) as { status: string } | undefined)?.status ?? 'absent';
      byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
    }
    return {
      resolutionsStored: keys.size,
      resolutionsMissing: report.resolutionKeys.filter((k) => !keys.has(k)).length,
      exceptionsPending: (db.prepare("select count(*) as n from exceptions where status = 'pending'").get() as { n: number }).n,
      exceptionsDecided: (byStatus.get('approved') ?? 0) + (byStatus.get('denied') ?? 0) + (byStatus.get('countered') ?? 0),
      eventsStored: (db.prepare("select count(*) as n from events where external_id like 'soak-%'").get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? (() => {});
  const drainSeconds = opts.drainSeconds ?? 30;
  let server: ServerProcess | undefined;
  let clients: ReturnType<typeof startClients> | undefined;
  try {
    server = await startServer({ env: { ...SOAK_SERVER_ENV, NODE_OPTIONS: probeNodeOptions() } });
    const srv = server;
    const heap = () => liveHeap(srv.child, srv.output);
    const people = await seedSoak(srv.dbFile, opts);
    const baseline = await heap();

    clients = startClients();
    clients.send({
      type: 'plan',
      plan: { ...people, url: srv.url, ingestKey: { id: 'acme-demo', secret: await ingestSecret(srv.dbFile, 'acme-demo') } },
    });
    log(`connecting ${opts.agents} agents and ${opts.supervisors} supervisors…`);
    const ready = await clients.next('ready', 300_000);
    const setupSeconds = ready.type === 'ready' ? ready.setupSeconds : 0;
    const held = await heap();
    log(`held in ${setupSeconds.toFixed(1)} s; load for ${opts.seconds} s…`);

    const rss = watchRss(srv.child.pid!);
    clients.send({ type: 'load', load: { seconds: opts.seconds, rates: opts.rates, drainSeconds } });
    await clients.next('loading', 30_000);
    const checkpoints = (opts.heapCheckpoints ?? []).map((fraction) =>
      new Promise<MemorySample>((r) => setTimeout(r, fraction * opts.seconds * 1000)).then(async () => ({
        fraction,
        sample: await heap(),
      })),
    );
    const sockets = new Promise<number>((r) => setTimeout(r, opts.seconds * 1000 - 200)).then(() => serverSockets(srv.url));
    const done = await clients.next('report', (opts.seconds + drainSeconds + 120) * 1000);
    const report = (done as Extract<FromClients, { type: 'report' }>).report;
    const peakRss = rss.stop();
    const drained = await heap();
    const result: SoakResult = {
      report,
      setupSeconds,
      planned: opts.agents + opts.supervisors,
      serverSockets: await sockets,
      memory: { baseline, held, checkpoints: await Promise.all(checkpoints), drained, peakRss },
      db: whatTheDbHolds(srv.dbFile, report),
      serverErrors: srv
        .output()
        .split('\n')
        .filter((l) => /"level":(50|60)\b/.test(l)),
    };
    return result;
  } finally {
    if (clients) await stopChild(clients.child);
    await server?.stop();
  }
}
