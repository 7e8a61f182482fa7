/**
 * The server SIGKILLed in the middle of a burst of grants, exception requests, decisions and
 * resolutions, at three different points. After each restart on the same database every
 * operation that got no answer is sent again with the same payload and key, as the
 * extension's outbox does. Then: everything answered exists exactly once and nothing twice,
 * each exception was decided at most once, budgets are exactly the sum of the grants and were
 * never overspent, the resolution log verifies and the engine finds the data intact.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { clientKeyOf } from '../support/client-key';
import {
  AGENTS,
  data,
  type Kind,
  kills,
  type Op,
  ops,
  readDb,
  runKillsMidBurst,
  stopKillsMidBurst,
  tokens,
  userIds,
} from '../support/kill-mid-burst';
import { integrityCheck } from '../support/row-counts';
import type { ServerProcess } from '../support/server-process';
import { bundled } from '../support/bundled';

const DAY = 86_400_000;
const ROOT = resolve(import.meta.dirname, '../..');
/** Commit order of grants: SQLite's rowid; on PostgreSQL the inserting transaction's id (grants commit under their tenant's lock, taken first). */
const COMMIT_ORDER = { sqlite: 'rowid', postgres: 'xmin::text::bigint' };

let server: ServerProcess;
let customers: { dana: string; marco: string; priya: string; sam: string };
let tenantId: string;
/** Keys of the seed's own grants (none today): everything else in `grants` must come from an operation here. */
let seededGrantKeys: Set<string>;

beforeAll(async () => {
  ({ server, customers, tenantId, seededGrantKeys } = await runKillsMidBurst());
}, 120_000);
afterAll(stopKillsMidBurst);

describe('after three SIGKILLs mid-burst and the resends', () => {
  it('killed the server with work in flight each time, and every resend got an answer', () => {
    expect(kills.map((k) => k.exit)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
    // Several operations per agent are in flight at any moment: a kill that interrupted nothing would test nothing.
    expect(
      kills.reduce((n, k) => n + k.unanswered, 0),
      `unanswered at each kill: ${JSON.stringify(kills)}`,
    ).toBeGreaterThan(0);
    expect(ops.filter((o) => !o.answer).map((o) => `${o.kind} of round ${o.round}`)).toEqual([]);
    // Only the answers the rules call for: a lost race to decide, or a decision on a request sent up a level.
    const errors = ops.filter((o) => o.answer && 'error' in o.answer).map((o) => `${o.kind}: ${(o.answer as { error: string }).error}`);
    for (const e of errors)
      expect(e).toMatch(
        /^decision: (Already (approved|denied|countered) by \w+ \w+|Someone decided it a moment before you|This request waits for a \w+.*)$/,
      );
  });

  it('stored every answered grant, exception and resolution exactly once, under the id first answered, and nothing else', async () => {
    await readDb(async (db) => {
      const rows = async (table: string, where = '') =>
        new Map(
          (
            await db.all<{ k: string; id: string; n: number }>(
              `select idempotency_key as k, id, count(*) over (partition by idempotency_key) as n from ${table} where tenant_id = ? ${where}`,
              tenantId,
            )
          ).map((r) => [clientKeyOf(r.k), r]),
        );
      const grants = await rows('grants', "and idempotency_key not like 'srv:%'");
      const exceptions = await rows('exceptions');
      const log = await rows('resolution_log', "and kind = 'resolution'");

      const check = (kind: Kind, stored: Map<string, { id: string; n: number }>, accepted: (op: Op) => string | null) => {
        const sent = ops.filter((o) => o.kind === kind);
        const expected = new Map(sent.flatMap((o) => (accepted(o) === null ? [] : [[o.payload.idempotencyKey as string, accepted(o)!]])));
        const extra = [...stored.keys()].filter((k) => !expected.has(k) && !seededGrantKeys.has(k));
        const missing = [...expected.keys()].filter((k) => !stored.has(k));
        const twice = [...stored.values()].filter((r) => r.n > 1);
        const otherId = [...expected].filter(([k, id]) => stored.get(k) && stored.get(k)!.id !== id);
        expect({ kind, extra, missing, twice, otherId }).toEqual({ kind, extra: [], missing: [], twice: [], otherId: [] });
        // Refused ones stored nothing.
        for (const o of sent.filter((o) => accepted(o) === null)) expect(stored.has(o.payload.idempotencyKey as string)).toBe(false);
        return expected.size;
      };
      const grantsStored = check('grant', grants, (o) => {
        const d = data(o) as { status: string; grant?: { id: string } } | undefined;
        return d && d.status !== 'refused' ? d.grant!.id : null;
      });
      const exceptionsStored = check('exception', exceptions, (o) => (data(o)?.id as string | undefined) ?? null);
      const resolutionsStored = check('resolution', log, (o) => (data(o)?.id as string | undefined) ?? null);
      // The burst did real work of every kind, and the budget refused some grants.
      expect(grantsStored).toBeGreaterThan(10);
      expect(exceptionsStored).toBeGreaterThan(3);
      expect(resolutionsStored).toBeGreaterThan(3);
      expect(ops.some((o) => o.kind === 'grant' && (data(o) as { status?: string } | undefined)?.status === 'refused')).toBe(true);
    });
  });

  it('decided each exception at most once, with one grant for each approval or counter-offer', async () => {
    await readDb(async (db) => {
      const rows = await db.all<{
        id: string;
        status: string;
        decidedBy: string | null;
        amount: number;
        counter: number | null;
        grantId: string | null;
        decisions: number;
        grants: number;
        granted: number | null;
      }>(
        `select e.id, e.status, e.decided_by as "decidedBy", e.amount_cents as amount, e.counter_amount_cents as counter, e.grant_id as "grantId",
                (select count(*) from exception_events v where v.exception_id = e.id and v.kind in ('approved', 'denied', 'countered')) as decisions,
                (select count(*) from grants g where g.exception_id = e.id) as grants,
                (select sum(amount_cents) from grants g where g.exception_id = e.id) as granted
         from exceptions e where e.tenant_id = ?`,
        tenantId,
      );
      expect(rows.length).toBeGreaterThan(0);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const r of rows) {
        const decided = r.status !== 'pending';
        expect({ id: r.id, decisions: r.decisions, decidedBy: !!r.decidedBy }).toEqual({
          id: r.id,
          decisions: decided ? 1 : 0,
          decidedBy: decided,
        });
        const granted = r.status === 'approved' ? r.amount : r.status === 'countered' ? r.counter : null;
        expect({ id: r.id, grants: r.grants, granted: r.granted }).toEqual({ id: r.id, grants: granted === null ? 0 : 1, granted });
      }
      // Every decision that was answered as taken is the one stored, by the one who took it.
      const STATUS = { approve: 'approved', deny: 'denied', counter: 'countered' } as Record<string, string>;
      const taken = ops.filter((o) => o.kind === 'decision' && data(o));
      expect(taken.length).toBeGreaterThan(0);
      for (const o of taken) {
        const r = byId.get(o.payload.exceptionId as string)!;
        expect({ status: r.status, decidedBy: r.decidedBy }).toEqual({
          status: STATUS[o.payload.decision as string],
          decidedBy: userIds.get(o.user),
        });
      }
      // And the other way round: the decision that was stored was answered as taken, a resend of it included (not "already decided").
      const winners = ops.filter(
        (o) =>
          o.kind === 'decision' &&
          byId.get(o.payload.exceptionId as string)?.status === STATUS[o.payload.decision as string] &&
          byId.get(o.payload.exceptionId as string)?.decidedBy === userIds.get(o.user),
      );
      expect(winners.filter((o) => !data(o)).map((o) => (o.answer as { error?: string }).error)).toEqual([]);
    });
  });

  it('keeps budgets exact: no leeway grant ever took an agent or team past the daily budget, and the server counts what is stored', async () => {
    const agentBudget = DEMO_POLICY.agentBudgets![0]!.dailyAmountCents;
    const teamBudget = DEMO_POLICY.teamBudgets![0]!.dailyAmountCents;
    const grants = await readDb((db) =>
      db.all<{ userId: string; team: string; amount: number; at: number; exceptionId: string | null }>(
        `select user_id as "userId", team, amount_cents as amount, created_at as "at", exception_id as "exceptionId" from grants where tenant_id = ? order by ${COMMIT_ORDER[server.target.kind]}`,
        tenantId,
      ),
    );
    expect(grants.length).toBeGreaterThan(10);
    // Replayed in commit order, as the evaluator saw them: every grant made within leeway fitted both budgets.
    const agentDay = new Map<string, number>();
    const teamDay = new Map<string, number>();
    const overspent: string[] = [];
    for (const g of grants) {
      const day = g.at - (g.at % DAY);
      const a = (agentDay.get(`${g.userId}:${day}`) ?? 0) + g.amount;
      const t = (teamDay.get(`${g.team}:${day}`) ?? 0) + g.amount;
      agentDay.set(`${g.userId}:${day}`, a);
      teamDay.set(`${g.team}:${day}`, t);
      if (!g.exceptionId && (a > agentBudget || t > teamBudget)) overspent.push(`${g.userId}: agent ${a}, team ${t}`);
    }
    expect(overspent).toEqual([]);

    // What the server reports as used today is the sum of the stored grants, exactly.
    const now = Date.now();
    const dayStart = now - (now % DAY);
    for (const email of AGENTS) {
      const res = await fetch(`${server.url}/v1/grants/evaluate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(email)}` },
        body: JSON.stringify({ customerId: customers.dana, action: 'goodwill_gesture', amountCents: 100 }),
      });
      const { usage } = (await res.json()) as { usage: { agentTodayCents: number; teamTodayCents: number } };
      const mine = grants.filter((g) => g.userId === userIds.get(email) && g.at >= dayStart).reduce((n, g) => n + g.amount, 0);
      const team = grants.filter((g) => g.team === 'billing' && g.at >= dayStart).reduce((n, g) => n + g.amount, 0);
      expect({ email, agent: usage.agentTodayCents, team: usage.teamTodayCents }).toEqual({ email, agent: mine, team });
    }
  });

  it('leaves a resolution log that verifies and data the engine finds intact', async () => {
    // `--db` names the SQLite file; a PostgreSQL database comes from LEEWAY_DATABASE_URL.
    const { target } = server;
    const env = { ...process.env, ...(target.kind === 'postgres' && { LEEWAY_DATABASE_URL: target.url }) };
    const verify = spawnSync(
      process.execPath,
      [await bundled('scripts/verify-log.ts'), ...(target.kind === 'sqlite' ? ['--db', target.file] : []), '--tenant', 'acme'],
      { cwd: ROOT, encoding: 'utf8', env },
    );
    expect({ status: verify.status, out: verify.stdout.trim(), err: verify.stderr.trim() }).toMatchObject({
      status: 0,
      out: expect.stringMatching(/^✓ acme: \d+ entries verify/),
    });
    expect(await readDb((db) => integrityCheck(db, server.target.kind))).toBe('ok');
  });
});
