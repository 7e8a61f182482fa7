/**
 * Three server processes on one PostgreSQL database and one Redis, as a deployment behind a load
 * balancer runs them: concurrent grants through all of them never overspend a budget; and a
 * process SIGKILLed mid-burst (agents already at their budget, by the race before it) loses
 * nothing and duplicates nothing once clients resend to the survivors. A customer's signals push
 * window is one across processes, and a dead holder's is taken over once it expires.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import { SIGNALS_WINDOW_MS, signalsWindowPrefix } from '../../server/src/plugins/app/signals-push';
import { holdMs, windowKeys } from '../../server/src/services/shared-window';
import type { ClientSocket } from '../support/app';
import { clientKeyOf, storedKeyLike } from '../support/client-key';
import { sharedSecrets, uniqueRedisPrefix, type Cluster } from '../support/cluster';
import { rest, startUnlimited, stopCluster, today, useDeployment } from '../support/multi-process/clients';
import { accepted, type KillBurst, type Op, PLACES, runKillBurst } from '../support/multi-process/kill-burst';
import type { RawDb } from '../support/raw-db';
import { send } from '../support/remote-clients';
import { ingestSecret, type ServerProcess } from '../support/server-process';
import { onSignals, type PushedSignals } from '../support/pushed-signals';
import { REDIS_TEST_URL } from '../support/test-database';
import { postEvent } from '../support/webhook';

const PREFIX = uniqueRedisPrefix('mpkill');
const SECRETS = sharedSecrets();
/** Tags this run's idempotency keys, so the checks below find exactly the rows these tests wrote. */
const RUN = randomUUID().slice(0, 8);
const AGENT_BUDGET = DEMO_POLICY.agentBudgets![0]!.dailyAmountCents;
const TEAM_BUDGET = DEMO_POLICY.teamBudgets![0]!.dailyAmountCents;
const deployment = useDeployment(PREFIX);
const { ids, token, connect } = deployment;
let raw: RawDb;

describe('three processes on one database and one Redis', () => {
  let c: Cluster;
  let n: ServerProcess[];
  beforeAll(async () => {
    c = await startUnlimited(deployment, PREFIX, SECRETS);
    n = c.nodes;
    raw = deployment.raw;
  });
  afterAll(() => stopCluster(deployment, c));

  it('holds one signals push window per customer across processes: none pushes while another holds it, and a dead holder’s is taken over once it expires, with one push', async () => {
    const sam = ids.customers['Sam Okafor']!;
    const watcher = await connect(n[2]!, 'agent@acme.test');
    const opened = await send(watcher, 'interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: `window-${RUN}`,
      requester: { email: 'sam.okafor@example.com' },
    });
    expect(opened).toMatchObject({ data: { status: 'known' } });
    const got: (PushedSignals & { at: number })[] = [];
    onSignals(watcher, (p) => p.customerId === sam && got.push({ ...p, at: Date.now() }));

    // A process took Sam's window and died: its key stands until it expires, as a live holder's would.
    const redis = new Redis(REDIS_TEST_URL);
    const held = holdMs(SIGNALS_WINDOW_MS);
    const [window] = windowKeys(signalsWindowPrefix(PREFIX), [ids.tenants.acme!, sam]);
    await redis.set(window, 'dead-holder', 'PX', held);
    const heldAt = Date.now();
    redis.disconnect();
    const key = { id: 'acme-demo', secret: await ingestSecret(deployment.db.target, 'acme-demo') };
    const reasons = [0, 1].map((i) => `window-${RUN}-${i}`);
    // One event through each of two processes: each finds the window taken and marks its change.
    for (const [i, reason] of reasons.entries()) {
      const posted = await postEvent(n[i]!.url, key, {
        type: 'payment.failed',
        customer: { email: 'sam.okafor@example.com' },
        data: { amountCents: 1_900, currency: 'USD', reason },
      });
      expect(posted).toMatchObject({ status: 200, body: { status: 'stored' } });
    }

    await expect.poll(() => got.filter((g) => g.via === 'push').length, { timeout: 10_000 }).toBe(1);
    const [push] = got.filter((g) => g.via === 'push');
    // Not before the dead holder's window expired: each process's own trailing push (100 ms after
    // its event) was folded into the shared window, and one of them took it over once it expired.
    expect(push!.at - heldAt).toBeGreaterThanOrEqual(held);
    // Read after both events: as a fresh read counts them. (Sam's open chargeback is a hard stop, so his
    // events never carry their signals: each went to the process's push, folded into the shared window.)
    expect(got.filter((g) => g.via === 'event')).toEqual([]);
    const fresh = await send(watcher, 'interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: `window-${RUN}-after`,
      requester: { email: 'sam.okafor@example.com' },
    });
    const failedPayments = (reasons: string[]) => reasons.find((r) => /payments? failed/.test(r));
    const now = (fresh as { data: { context: { signals: PushedSignals['signals'] } } }).data.context.signals;
    expect(failedPayments(push!.signals.churn.reasons)).toMatch(/payments? failed/);
    expect(failedPayments(push!.signals.churn.reasons)).toBe(failedPayments(now.churn.reasons));
    // And only one: the other process's check found the window taken, and nothing changed since.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(got.filter((g) => g.via === 'push')).toHaveLength(1);
  });

  it('never lets concurrent grants through all three processes overspend a daily budget', async () => {
    const agent = await token('agent@acme.test', n[0]!);
    const customers = ['Dana Whitfield', 'Marco Rossi', 'Priya Natarajan', 'Sam Okafor'].map((name) => ids.customers[name]!);
    const { usage } = (
      await rest(n[0]!, 'POST', '/v1/grants/evaluate', agent, { customerId: customers[0], action: 'goodwill_gesture', amountCents: 100 })
    ).body as {
      usage: { agentTodayCents: number; teamTodayCents: number };
    };
    const room = Math.min(AGENT_BUDGET - usage.agentTodayCents, TEAM_BUDGET - usage.teamTodayCents);
    const possible = Math.min(80, Math.floor(room / 1_000));
    // The race only means something when the budget runs out during it.
    expect(possible).toBeGreaterThan(10);
    expect(possible).toBeLessThan(80);

    const keys = Array.from({ length: 80 }, (_, i) => `budget-${RUN}-${i}`);
    const replies = await Promise.all(
      keys.map((idempotencyKey, i) =>
        rest(n[i % 3]!, 'POST', '/v1/grants', agent, {
          customerId: customers[i % customers.length],
          action: 'goodwill_gesture',
          amountCents: 1_000,
          idempotencyKey,
        }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(
      statuses.filter((s) => s !== 201 && s !== 403),
      JSON.stringify(replies.filter((r) => r.status !== 201 && r.status !== 403).map((r) => r.body)),
    ).toEqual([]);
    const recorded = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 403);
    // Exactly what the budget allows: never more (overspent), never fewer (a refusal from a stale total).
    expect(recorded.length).toBe(possible);
    expect(refused.every((r) => /over your daily budget|over your team's daily budget|budget/i.test(r.body.decision?.reason ?? ''))).toBe(
      true,
    );
    // Every process recorded some: the race really ran across processes.
    expect(new Set(replies.flatMap((r, i) => (r.status === 201 ? [i % 3] : []))).size).toBe(3);

    const stored = (await raw.one<{ n: number; total: number | null }>(
      'select count(*) as n, sum(amount_cents) as total from grants where idempotency_key like ?',
      storedKeyLike(`budget-${RUN}-%`),
    ))!;
    expect(stored).toEqual({ n: possible, total: possible * 1_000 });
    const ids201 = new Set(recorded.map((r) => r.body.grant.id as string));
    const rows = await raw.all<{ id: string }>('select id from grants where idempotency_key like ?', storedKeyLike(`budget-${RUN}-%`));
    expect(new Set(rows.map((r) => r.id))).toEqual(ids201);
    const spent = (await raw.one<{ total: number }>(
      'select coalesce(sum(amount_cents), 0) as total from grants where user_id = ? and exception_id is null and created_at >= ?',
      ids.users['agent@acme.test'],
      today(),
    ))!;
    expect(spent.total).toBeLessThanOrEqual(AGENT_BUDGET);
  });

  describe('a process SIGKILLed in the middle of a burst', () => {
    let ops: Op[] = [];
    let killedExit: KillBurst['killedExit'] = null;
    let restarted: ServerProcess;

    beforeAll(async () => {
      ({ ops, killedExit, restarted } = await runKillBurst(c, ids.customers, connect, RUN));
    }, 90_000);

    it('killed the process with work in flight, and every operation got an answer in the end', () => {
      expect(killedExit).toBe('SIGKILL');
      expect(ops.filter((o) => !o.answer)).toEqual([]);
      // A kill that interrupted nothing would test nothing.
      const resent = ops.filter((o) => o.tries > 1);
      expect(resent.length, `${resent.length} of ${ops.length} operations sent again after the kill`).toBeGreaterThan(0);
      expect(ops.filter((o) => o.answer && 'error' in o.answer).map((o) => `${o.kind}: ${(o.answer as { error: string }).error}`)).toEqual(
        [],
      );
      // Some grants ran into the budget: refusals were answers too, and stored nothing.
      expect(ops.some((o) => o.kind === 'grant' && !accepted(o))).toBe(true);
    });

    it('stored every accepted grant and resolution exactly once, under the id answered, and nothing else', async () => {
      for (const [kind, table] of [
        ['grant', 'grants'],
        ['resolution', 'resolution_log'],
      ] as const) {
        const rows = await raw.all<{ k: string; id: string; n: number }>(
          `select idempotency_key as k, min(id) as id, count(*) as n from ${table} where idempotency_key like ? group by idempotency_key`,
          storedKeyLike(`kill-${RUN}-%`),
        );
        for (const r of rows) r.k = clientKeyOf(r.k);
        const stored = new Map(rows.map((r) => [r.k, r]));
        const sent = ops.filter((o) => o.kind === kind);
        const expected = new Map(sent.flatMap((o) => (accepted(o) ? [[o.payload.idempotencyKey, accepted(o)!]] : [])));
        const report = {
          kind,
          missing: [...expected.keys()].filter((k) => !stored.has(k)),
          twice: rows.filter((r) => r.n > 1).map((r) => r.k),
          extra: rows.filter((r) => !expected.has(r.k)).map((r) => r.k),
          otherId: [...expected].filter(([k, id]) => stored.get(k) && stored.get(k)!.id !== id).map(([k]) => k),
        };
        expect(report).toEqual({ kind, missing: [], twice: [], extra: [], otherId: [] });
        expect(expected.size).toBeGreaterThan(10);
      }
    });

    it('never took an agent or a team past the daily budget', async () => {
      const leeway = 'from grants where exception_id is null and created_at >= ?';
      const agents = await raw.all<{ user_id: string; total: number }>(
        `select user_id, sum(amount_cents) as total ${leeway} group by user_id`,
        today(),
      );
      const teams = await raw.all<{ tenant_id: string; team: string; total: number }>(
        `select tenant_id, team, sum(amount_cents) as total ${leeway} group by tenant_id, team`,
        today(),
      );
      expect(agents.filter((s) => s.total > AGENT_BUDGET)).toEqual([]);
      expect(teams.filter((s) => s.total > TEAM_BUDGET)).toEqual([]);
    });

    it('answers every accepted operation sent again, through the restarted process, with what was stored', async () => {
      const again = new Map<string, ClientSocket>();
      for (const p of PLACES) again.set(p.user, await connect(restarted, p.user));
      const resent = await Promise.all(
        ops.filter(accepted).map(async (o) => ({ o, res: await send(again.get(o.user)!, o.event, o.payload) })),
      );
      const wrong = resent.filter(({ o, res }) => {
        const d = res && 'data' in res ? (res.data as Record<string, any>) : undefined;
        return d?.status !== 'duplicate' || (o.kind === 'grant' ? d.grant.id : d.id) !== accepted(o);
      });
      expect(wrong.map(({ o, res }) => `${o.kind} ${o.payload.idempotencyKey}: ${JSON.stringify(res)}`)).toEqual([]);
    });

    it('leaves each tenant a log chain that verifies, on a survivor and on the restarted process', async () => {
      for (const slug of ['acme', 'globex']) {
        const auditor = await token(`auditor@${slug}.test`, n[0]!);
        for (const node of [c.nodes[0]!, restarted]) {
          const v = await rest(node, 'GET', '/v1/log/verify', auditor);
          expect({ slug, status: v.status, ok: v.body.ok, problem: v.body.problem }).toEqual({
            slug,
            status: 200,
            ok: true,
            problem: null,
          });
        }
      }
    });
  });
});
