/**
 * QA at scale: one million logged resolutions over a year (200 agents, grants on a third of
 * them, surveys, reopenings), written in bulk. Timed: building a review queue over the
 * latest week (read the window, attach surveys/reopenings/limits, sample with every rule),
 * and the dashboard's queries (charts over 8 weeks, gaming detectors over 4 weeks).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildQueue } from '../shared/qa/sampling';
import { seededRandom } from '../shared/qa/prng';
import { PolicyDocument } from '../shared/schemas/policy';
import { openSqlite } from '../server/src/db/open';
import { DEMO_POLICY } from '../server/src/demo/policy';
import { charts, findings } from '../server/src/qa/service';
import { createRepositories } from '../server/src/repositories';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const qaNames = ['qa_queue_build_p50_ms', 'qa_queue_build_p99_ms', 'qa_dashboard_charts_p50_ms', 'qa_dashboard_charts_p99_ms', 'qa_findings_p50_ms', 'qa_findings_p99_ms', 'qa_queue_picks'];
const N = Number(process.env.LEEWAY_BENCH_QA_RESOLUTIONS ?? 1_000_000);
const AGENTS = 200;
const DAY = 86_400_000;

export async function qaBench(): Promise<Figure[]> {
  const { db, close } = openSqlite(join(mkdtempSync(join(tmpdir(), 'leeway-bench-qa-')), 'qa.db'));
  try {
    const repos = createRepositories(db, { masterKey: randomBytes(32) });
    const tenantId = await repos.tenants.create('qa', 'QA');
    const now = Date.now();
    const start = now - 365 * DAY;
    const sql = db.$client;
    const insUser = sql.prepare("insert into users (id, tenant_id, email, name, role, agent_level, team, password_hash, created_at) values (?, ?, ?, ?, ?, ?, ?, 'x', ?)");
    for (let a = 0; a < AGENTS; a++) insUser.run(`u${a}`, tenantId, `a${a}@qa.test`, `Agent ${a}`, 'agent', 1 + (a % 2), `team-${a % 8}`, start - (a % 20 === 0 ? 0 : 400 * DAY));
    insUser.run('admin', tenantId, 'admin@qa.test', 'Admin', 'admin', 1, 'default', start);
    await repos.policies.create(tenantId, { document: PolicyDocument.parse(DEMO_POLICY), effectiveFrom: start - DAY, note: 'bench', createdBy: 'admin' });
    // 50,000 customers: an agent meets the same one about every 18 days, as in real traffic.
    const CUSTOMERS = 50_000;
    const insCustomer = sql.prepare("insert into customers (id, tenant_id, name, tier, customer_since, created_at) values (?, ?, 'C', 'gold', 0, 0)");
    sql.transaction(() => {
      for (let c = 0; c < CUSTOMERS; c++) insCustomer.run(`c${c}`, tenantId);
    })();

    const insLog = sql.prepare(
      "insert into resolution_log (tenant_id, seq, id, idempotency_key, kind, ref_id, customer_id, ticket_ref, agent_id, payload, payload_digest, prev_hash, hash, created_at, pruned_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?, null)",
    );
    const insGrant = sql.prepare(
      "insert into grants (id, tenant_id, idempotency_key, customer_id, user_id, team, agent_level, customer_tier, customer_flags, action, amount_cents, reason_code, policy_version, exception_id, approved_by, created_at) values (?, ?, ?, ?, ?, ?, ?, 'gold', '[]', 'refund', ?, 'billing_error', 1, ?, ?, ?)",
    );
    const rnd = seededRandom(99);
    let seq = 0;
    const write = sql.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const a = i % AGENTS;
        const customerId = `c${i % CUSTOMERS}`;
        const at = start + Math.floor((i / N) * 365 * DAY);
        const id = `r${i}`;
        const actions: unknown[] = [];
        if (rnd() < 0.33) {
          const ex = rnd() < 0.05;
          const amount = ex ? 15_000 : 1_000 + Math.floor(rnd() * 9_000);
          insGrant.run(`g${i}`, tenantId, `g${i}`, customerId, `u${a}`, `team-${a % 8}`, 1 + (a % 2), amount, ex ? `x${i}` : null, ex ? 'admin' : null, at - 60_000);
          actions.push({ action: 'refund', amountCents: amount, grantId: `g${i}`, via: ex ? 'exception' : 'leeway' });
        }
        insLog.run(tenantId, ++seq, id, id, 'resolution', null, customerId, `zendesk:${i}`, `u${a}`, JSON.stringify({ outcome: 'resolved', category: 'billing', actions, reasonCodes: [], handleTimeSeconds: 60 + Math.floor(rnd() * 2400), note: { enc: 'x' } }), at);
        if (rnd() < 0.3) insLog.run(tenantId, ++seq, `s${i}`, `s${i}`, 'survey', id, customerId, `zendesk:${i}`, null, JSON.stringify({ survey: 'csat', score: 1 + Math.floor(rnd() * 5) }), at + DAY);
        if (rnd() < 0.03) insLog.run(tenantId, ++seq, `o${i}`, `o${i}`, 'reopening', id, customerId, `zendesk:${i}`, null, JSON.stringify({ channel: 'email' }), at + 2 * DAY);
      }
    });
    for (let i = 0; i < N; i += 50_000) write(i, Math.min(N, i + 50_000));
    sql.exec('analyze');

    const app = { repos } as unknown as FastifyInstance;
    const who = { tenantId, userId: 'admin', role: 'admin' as const, sessionId: 'bench' };
    const time = (runs: number, fn: () => unknown) => {
      const out: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        fn();
        out.push(performance.now() - t);
      }
      return out;
    };
    let picks = 0;
    // A queue over the latest week: what an auditor builds each Monday.
    const queue = time(15, () => {
      const h = repos.qa.history(tenantId, now - 7 * DAY, now);
      const taken = repos.qa.takenIds(tenantId, now - 99 * DAY, now);
      picks = buildQueue(h.resolutions, { seed: 'bench' }, taken).length;
    });
    const chart = time(7, () => charts(app, who, now - 56 * DAY, now));
    const found = time(5, () => findings(app, who, now - 28 * DAY, now));
    return [
      figure('qa_queue_build_p50_ms', percentile(queue, 50), 'ms'),
      figure('qa_queue_build_p99_ms', percentile(queue, 99), 'ms'),
      figure('qa_queue_picks', picks, 'count'),
      figure('qa_dashboard_charts_p50_ms', percentile(chart, 50), 'ms'),
      figure('qa_dashboard_charts_p99_ms', percentile(chart, 99), 'ms'),
      figure('qa_findings_p50_ms', percentile(found, 50), 'ms'),
      figure('qa_findings_p99_ms', percentile(found, 99), 'ms'),
    ];
  } finally {
    close();
  }
}
