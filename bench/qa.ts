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
import { buildQueue } from '@shared/qa/sampling';
import { seededRandom } from '@shared/qa/prng';
import { PolicyDocument } from '@shared/schemas/policy';
import { openSqlite } from '../server/src/db/open-sqlite';
import { DEMO_POLICY } from '../server/src/demo/policy';
import { charts, findings } from '../server/src/qa/service';
import { createRepositories } from '../server/src/repositories';
import { percentile } from './stats';
import { figure, type Figure } from './types';

export const qaNames = [
  'qa_queue_build_p50_ms',
  'qa_queue_build_p99_ms',
  'qa_dashboard_charts_p50_ms',
  'qa_dashboard_charts_p99_ms',
  'qa_findings_p50_ms',
  'qa_findings_p99_ms',
  'qa_queue_picks',
];
const N = Number(process.env.LEEWAY_BENCH_QA_RESOLUTIONS ?? 1_000_000);
const AGENTS = 200;
const DAY = 86_400_000;

export async function qaBench(): Promise<Figure[]> {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'leeway-bench-qa-')), 'qa.db'));
  const { customers, grants, resolutionLog, users } = db.t;
  /** Rows in statements of `per`, each batch one transaction. */
  const insertAll = <T extends typeof users | typeof customers | typeof grants | typeof resolutionLog>(
    table: T,
    rows: T['$inferInsert'][],
    per = 500,
  ) =>
    db.tx(async (tx) => {
      for (let i = 0; i < rows.length; i += per) await tx.insert(table).values(rows.slice(i, i + per) as never);
    });
  try {
    const repos = createRepositories(db, { masterKey: randomBytes(32) });
    const tenantId = await repos.tenants.create('qa', 'QA');
    const now = Date.now();
    const start = now - 365 * DAY;
    const user = (
      id: string,
      email: string,
      name: string,
      role: 'agent' | 'admin',
      agentLevel: number,
      team: string,
      createdAt: number,
    ) => ({ id, tenantId, email, name, role, agentLevel, team, passwordHash: 'x', createdAt });
    await insertAll(users, [
      ...Array.from({ length: AGENTS }, (_, a) =>
        user(`u${a}`, `a${a}@qa.test`, `Agent ${a}`, 'agent', 1 + (a % 2), `team-${a % 8}`, start - (a % 20 === 0 ? 0 : 400 * DAY)),
      ),
      user('admin', 'admin@qa.test', 'Admin', 'admin', 1, 'default', start),
    ]);
    await repos.policies.create(tenantId, {
      document: PolicyDocument.parse(DEMO_POLICY),
      effectiveFrom: start - DAY,
      note: 'bench',
      createdBy: 'admin',
    });
    // 50,000 customers: an agent meets the same one about every 18 days, as in real traffic.
    const CUSTOMERS = 50_000;
    await insertAll(
      customers,
      Array.from({ length: CUSTOMERS }, (_, c) => ({
        id: `c${c}`,
        tenantId,
        name: 'C',
        tier: 'gold' as const,
        customerSince: 0,
        createdAt: 0,
      })),
    );

    const entry = (
      seq: number,
      id: string,
      kind: 'resolution' | 'survey' | 'reopening',
      refId: string | null,
      customerId: string,
      ticketRef: string,
      agentId: string | null,
      payload: object,
      createdAt: number,
    ) => ({
      tenantId,
      seq,
      id,
      idempotencyKey: id,
      kind,
      refId,
      customerId,
      ticketRef,
      agentId,
      payload: JSON.stringify(payload),
      payloadDigest: '',
      prevHash: '',
      hash: '',
      createdAt,
      prunedAt: null,
    });
    const rnd = seededRandom(99);
    let seq = 0;
    const write = async (from: number, to: number) => {
      const log: ReturnType<typeof entry>[] = [];
      const granted: (typeof grants.$inferInsert)[] = [];
      for (let i = from; i < to; i++) {
        const a = i % AGENTS;
        const customerId = `c${i % CUSTOMERS}`;
        const at = start + Math.floor((i / N) * 365 * DAY);
        const id = `r${i}`;
        const actions: unknown[] = [];
        if (rnd() < 0.33) {
          const ex = rnd() < 0.05;
          const amount = ex ? 15_000 : 1_000 + Math.floor(rnd() * 9_000);
          granted.push({
            id: `g${i}`,
            tenantId,
            idempotencyKey: `g${i}`,
            customerId,
            userId: `u${a}`,
            team: `team-${a % 8}`,
            agentLevel: 1 + (a % 2),
            customerTier: 'gold',
            customerFlags: [],
            action: 'refund',
            amountCents: amount,
            reasonCode: 'billing_error',
            policyVersion: 1,
            exceptionId: ex ? `x${i}` : null,
            approvedBy: ex ? 'admin' : null,
            createdAt: at - 60_000,
          });
          actions.push({ action: 'refund', amountCents: amount, grantId: `g${i}`, via: ex ? 'exception' : 'leeway' });
        }
        log.push(
          entry(
            ++seq,
            id,
            'resolution',
            null,
            customerId,
            `zendesk:${i}`,
            `u${a}`,
            {
              outcome: 'resolved',
              category: 'billing',
              actions,
              reasonCodes: [],
              handleTimeSeconds: 60 + Math.floor(rnd() * 2400),
              note: { enc: 'x' },
            },
            at,
          ),
        );
        if (rnd() < 0.3)
          log.push(
            entry(
              ++seq,
              `s${i}`,
              'survey',
              id,
              customerId,
              `zendesk:${i}`,
              null,
              { survey: 'csat', score: 1 + Math.floor(rnd() * 5) },
              at + DAY,
            ),
          );
        if (rnd() < 0.03)
          log.push(entry(++seq, `o${i}`, 'reopening', id, customerId, `zendesk:${i}`, null, { channel: 'email' }, at + 2 * DAY));
      }
      await insertAll(grants, granted);
      await insertAll(resolutionLog, log);
    };
    for (let i = 0; i < N; i += 50_000) await write(i, Math.min(N, i + 50_000));
    // The planner's statistics, as a database in service has them.
    db.sqlite.exec('analyze');

    const app = { repos } as unknown as FastifyInstance;
    const who = { tenantId, userId: 'admin', role: 'admin' as const, sessionId: 'bench' };
    const time = async (runs: number, fn: () => Promise<unknown>) => {
      const out: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        await fn();
        out.push(performance.now() - t);
      }
      return out;
    };
    let picks = 0;
    // A queue over the latest week: what an auditor builds each Monday.
    const queue = await time(15, async () => {
      const h = await repos.qa.history(tenantId, now - 7 * DAY, now);
      const taken = await repos.qa.takenIds(tenantId, now - 99 * DAY, now);
      picks = buildQueue(h.resolutions, { seed: 'bench' }, taken).length;
    });
    const chart = await time(7, () => charts(app, who, now - 56 * DAY, now));
    const found = await time(5, () => findings(app, who, now - 28 * DAY, now));
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
    await db.close();
  }
}
