/**
 * Ingest at line rate (issue 21): one server process on SQLite with FULL sync, 10,000 customers,
 * each watched by one socket (500 agents × 20 tickets), 64 signed webhook requests in flight,
 * every delivery checked (a lost or extra one fails the benchmark). Its floor, measured in the
 * same run on the same sockets: the benchmark relay (routes/bench/relay.ts), the same HTTP →
 * socket.io path with no signature check, storage or signals. Runs alternate, best of each kept.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startLoad } from './scale-load-process';
import { sqliteDeployment } from './scale-deploy';
import { figure, type Figure } from './types';

const CUSTOMERS = 10_000;
const AGENTS = 500;
const ROUNDS = 3;
const ROOT = resolve(import.meta.dirname, '..');

export const ingestNames = [
  'ingest_events_per_s',
  'ingest_vs_relay',
  'ingest_cpu_ms_per_event',
  'ingest_cpu_vs_relay',
  'ingest_p99_ms',
  'relay_events_per_s',
];

const emailOf = (i: number) => `bench.customer.${i}@example.com`;

/** 10,000 customers through `npm run import`, as an admin would load them. */
function seedCustomers(dbFile: string) {
  const dir = mkdtempSync(join(tmpdir(), 'leeway-ingest-'));
  const file = join(dir, 'customers.csv');
  const rows = Array.from(
    { length: CUSTOMERS },
    (_, i) => `bench-${i},Bench Customer ${i},${emailOf(i)},standard,${10_000 + i},2024-01-15`,
  );
  writeFileSync(file, `externalId,name,email,tier,lifetimeValueCents,customerSince\n${rows.join('\n')}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--tenant', 'acme', '--file', file, '--db', dbFile], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0 || !run.stdout.includes(`${CUSTOMERS} rows imported, 0 refused`))
    throw new Error(`import failed: ${run.stderr || run.stdout}`);
}

export async function ingestBench(): Promise<Figure[]> {
  const d = await sqliteDeployment({ LEEWAY_BENCH_RELAY: '1' });
  let load: Awaited<ReturnType<typeof startLoad>> | null = null;
  try {
    seedCustomers(d.dbFile!);
    const db = new Database(d.dbFile!, { readonly: true });
    const tenantId = (db.prepare("select id from tenants where slug = 'acme'").get() as { id: string }).id;
    db.close();
    load = await startLoad(d, {
      agents: AGENTS,
      customersPerAgent: CUSTOMERS / AGENTS,
      concurrency: 64,
      warmupMs: 1_500,
      windowMs: 5_000,
      emails: Array.from({ length: CUSTOMERS }, (_, i) => emailOf(i)),
      relayTenantId: tenantId,
    });
    const best = { ingest: { rate: 0, cpu: 0, p99: 0 }, relay: { rate: 0, cpu: 0, p99: 0 } };
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of ['ingest', 'relay'] as const) {
        const { result, cpu } = await load.run(mode === 'relay' ? 'relay' : undefined);
        if (result.errorCount || result.missing || result.extra)
          throw new Error(
            `${mode}: ${result.errorCount} failed sends (${result.errors.join('; ')}), ${result.missing} missing and ${result.extra} extra deliveries`,
          );
        const rate = result.measured / (result.windowMs / 1000);
        // cpu: % of one core over the window, i.e. 10 ms of CPU per second per %.
        const cpuMs = ((cpu.servers ?? 0) * 10) / rate;
        console.error(
          `    ${mode.padEnd(6)} ${rate.toFixed(0).padStart(5)} events/s  server CPU ${cpuMs.toFixed(2)} ms/event  p99 ${result.p99.toFixed(0)} ms`,
        );
        if (rate > best[mode].rate) best[mode] = { rate, cpu: cpuMs, p99: result.p99 };
      }
    }
    const { ingest, relay } = best;
    return [
      figure('ingest_events_per_s', ingest.rate, '1/s', relay.rate),
      figure('ingest_vs_relay', ingest.rate / relay.rate, 'ratio'),
      figure('ingest_cpu_ms_per_event', ingest.cpu, 'ms', relay.cpu),
      figure('ingest_cpu_vs_relay', ingest.cpu / relay.cpu, 'ratio'),
      figure('ingest_p99_ms', ingest.p99, 'ms', relay.p99),
      figure('relay_events_per_s', relay.rate, '1/s'),
    ];
  } finally {
    await load?.stop();
    await d.stop();
  }
}
