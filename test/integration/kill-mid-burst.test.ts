/**
 * The server SIGKILLed in the middle of a burst of grants, exception requests, decisions and
 * resolutions, at three different points. After each restart on the same database every
 * operation that got no answer is sent again with the same payload and key, as the
 * extension's outbox does. Then: everything answered exists exactly once and nothing twice,
 * each exception was decided at most once, budgets are exactly the sum of the grants and were
 * never overspent, the resolution log verifies and the engine finds the data intact.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../shared/events';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import type { ClientSocket } from '../support/app';
import { connectSocket, send, signIn } from '../support/remote-clients';
import { openRaw, type RawDb } from '../support/raw-db';
import { integrityCheck } from '../support/row-counts';
import { startServer, type ServerProcess } from '../support/server-process';
import { clientKeyOf } from '../support/client-key';

const AGENTS = ['agent@acme.test', 'senior@acme.test'];
const LEADS = ['lead@acme.test', 'lead2@acme.test'];
const SUPERVISORS = [...LEADS, 'manager@acme.test'];
/** Answers received in a round before the SIGKILL: early, midway, late. */
const KILL_AFTER = [6, 35, 80];
/** Concurrent senders per agent: several operations of each kind are in flight when the kill lands. */
const LANES: Kind[] = ['grant', 'grant', 'exception', 'resolution'];
// No rate limits: the burst is the point, not a throttle's refusals.
const ENV = { LEEWAY_RATE_LIMIT: '0', LEEWAY_SOCKET_RATE_LIMIT: '0', LEEWAY_INGEST_RATE_LIMIT: '0' };
const DAY = 86_400_000;
const ROOT = resolve(import.meta.dirname, '../..');
/** Commit order of grants: SQLite's rowid; on PostgreSQL the inserting transaction's id (grants commit under their tenant's lock, taken first). */
const COMMIT_ORDER = { sqlite: 'rowid', postgres: 'xmin::text::bigint' };

type Kind = 'grant' | 'exception' | 'decision' | 'resolution';
interface Op {
  kind: Kind;
  user: string;
  event: string;
  payload: Record<string, unknown>;
  round: number;
  /** The answer that counts: the first one, or the resend's when the first never came. */
  answer?: Response<Record<string, unknown>>;
  /** The answer came before the SIGKILL, from the process that was then killed. */
  resent?: boolean;
}

let server: ServerProcess;
const tokens = new Map<string, string>();
let sockets = new Map<string, ClientSocket>();
const ops: Op[] = [];
let customers: { dana: string; marco: string; priya: string; sam: string };
let tenantId: string;
const userIds = new Map<string, string>();
/** Keys of the seed's own grants (none today): everything else in `grants` must come from an operation here. */
let seededGrantKeys: Set<string>;
const kills: { round: number; unanswered: number; byKind: string; exit: string | null }[] = [];

const data = (op: Op) => (op.answer && 'data' in op.answer ? op.answer.data : undefined);

async function connectAll() {
  for (const s of sockets.values()) s.disconnect();
  sockets = new Map();
  // Supervisors first, as on duty they must be reachable when a request is (re)sent.
  for (const email of [...SUPERVISORS, ...AGENTS]) sockets.set(email, await connectSocket(server.url, tokens.get(email)!));
  for (const email of SUPERVISORS) {
    const res = await send(sockets.get(email)!, 'duty:set', { onDuty: true });
    if (!res || 'error' in res) throw new Error(`duty:set for ${email}: ${res ? res.error : 'no answer'}`);
  }
}

/** One round: every agent's loops send until the kill, which comes after `killAfter` answers. */
async function burst(round: number, killAfter: number) {
  let answers = 0;
  let killed = false;
  const exited = new Promise<void>((res) => server.child.once('exit', () => res()));

  async function perform(kind: Kind, user: string, event: string, payload: Record<string, unknown>): Promise<Op> {
    const op: Op = { kind, user, event, payload, round };
    ops.push(op);
    op.answer = (await send(sockets.get(user)!, event, payload)) as Op['answer'];
    if (op.answer) {
      if (++answers === killAfter) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    }
    return op;
  }

  let lastGrant = new Map<string, { id: string; customerId: string; action: string; amountCents: number }>();
  /** Each lane sends one kind after another, so every kind is in flight when the kill lands. */
  async function loop(agent: string, lane: Kind) {
    for (let i = 0; !killed && sockets.get(agent)!.connected; i++) {
      const customer = [customers.dana, customers.marco, customers.priya][i % 3]!;
      if (lane === 'grant') {
        // Credits of $30 are within leeway and use the $500 daily budget up fast; Sam's open chargeback forbids them, a goodwill gesture not.
        const payload =
          i % 5 === 4
            ? { customerId: customers.sam, action: 'goodwill_gesture', amountCents: 1_000, idempotencyKey: randomUUID() }
            : { customerId: customer, action: 'account_credit', amountCents: 3_000, reasonCode: 'goodwill', idempotencyKey: randomUUID() };
        const op = await perform('grant', agent, 'grant:record', payload);
        const grant = data(op)?.grant as { id: string; customerId: string; action: string; amountCents: number } | undefined;
        if (grant) lastGrant.set(agent, grant);
      } else if (lane === 'exception') {
        const op = await perform('exception', agent, 'exception:request', {
          customerId: customer,
          action: 'account_credit',
          amountCents: 4_500,
          reasonCode: 'goodwill',
          note: 'Third outage this month',
          idempotencyKey: randomUUID(),
        });
        const id = data(op)?.id as string | undefined;
        if (!id || killed) continue;
        // Both team leads answer at once: one wins, the other hears it was already decided.
        const second =
          i % 2
            ? { decision: 'deny', note: 'Not this time' }
            : { decision: 'counter', note: 'Half now', counter: { action: 'account_credit', amountCents: 3_500 } };
        await Promise.all([
          perform('decision', LEADS[0]!, 'exception:decide', { exceptionId: id, decision: 'approve', note: 'Loyal customer' }),
          perform('decision', LEADS[1]!, 'exception:decide', { exceptionId: id, ...second }),
        ]);
      } else {
        // A resolution names the agent's latest recorded grant, as the panel's draft does.
        const g = lastGrant.get(agent);
        await perform('resolution', agent, 'resolution:submit', {
          idempotencyKey: randomUUID(),
          helpdesk: 'zendesk',
          ticketId: `crash-${round}-${i}`,
          customerId: g?.customerId ?? customer,
          outcome: 'resolved',
          category: 'billing',
          actions: g ? [{ action: g.action, amountCents: g.amountCents, grantId: g.id }] : [],
          reasonCodes: ['goodwill'],
          note: 'Credited after the outage',
          handleTimeSeconds: 120 + i,
        });
      }
    }
  }

  await Promise.all(AGENTS.flatMap((a) => LANES.map((lane) => loop(a, lane))));
  if (!killed) throw new Error(`round ${round}: the loops stopped before ${killAfter} answers`);
  await exited;
  const open = ops.filter((o) => o.round === round && !o.answer);
  kills.push({ round, unanswered: open.length, byKind: [...new Set(open.map((o) => o.kind))].join(','), exit: server.child.signalCode });
  lastGrant = new Map();
}

/** Restart on the same database and port, reconnect, and resend every unanswered operation with its key. */
async function restartAndResend() {
  server = await startServer({ dbEnv: server.dbEnv, port: server.port, env: ENV });
  await connectAll();
  const unanswered = ops.filter((o) => !o.answer);
  // Requests before the decisions that name them; everything else at once, as several outboxes would.
  for (const kinds of [['exception', 'grant', 'resolution'], ['decision']] as Kind[][]) {
    await Promise.all(
      unanswered
        .filter((o) => kinds.includes(o.kind))
        .map(async (o) => {
          o.resent = true;
          o.answer = (await send(sockets.get(o.user)!, o.event, o.payload)) as Op['answer'];
        }),
    );
  }
}

async function readDb<T>(fn: (db: RawDb) => Promise<T>): Promise<T> {
  const db = await openRaw(server.target);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  server = await startServer({ env: ENV });
  await readDb(async (db) => {
    tenantId = (await db.one<{ id: string }>("select id from tenants where slug = 'acme'"))!.id;
    const byName = async (name: string) =>
      (await db.one<{ id: string }>('select id from customers where tenant_id = ? and name = ?', tenantId, name))?.id;
    const ids = {
      dana: await byName('Dana Whitfield'),
      marco: await byName('Marco Rossi'),
      priya: await byName('Priya Natarajan'),
      sam: await byName('Sam Okafor'),
    };
    if (Object.values(ids).some((v) => !v)) throw new Error(`demo customers not found: ${JSON.stringify(ids)}`);
    customers = ids as typeof customers;
    for (const email of [...AGENTS, ...SUPERVISORS])
      userIds.set(email, (await db.one<{ id: string }>('select id from users where email = ?', email))!.id);
    seededGrantKeys = new Set((await db.all<{ k: string }>('select idempotency_key as k from grants')).map((r) => clientKeyOf(r.k)));
  });
  for (const email of [...AGENTS, ...SUPERVISORS]) tokens.set(email, await signIn(server.url, email));
  await connectAll();
  for (const [round, killAfter] of KILL_AFTER.entries()) {
    await burst(round, killAfter);
    await restartAndResend();
  }
}, 120_000);

afterAll(async () => {
  for (const s of sockets.values()) s.disconnect();
  await server?.stop();
});

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
      ['--import', 'tsx', 'scripts/verify-log.ts', ...(target.kind === 'sqlite' ? ['--db', target.file] : []), '--tenant', 'acme'],
      { cwd: ROOT, encoding: 'utf8', env },
    );
    expect({ status: verify.status, out: verify.stdout.trim(), err: verify.stderr.trim() }).toMatchObject({
      status: 0,
      out: expect.stringMatching(/^✓ acme: \d+ entries verify/),
    });
    expect(await readDb((db) => integrityCheck(db, server.target.kind))).toBe('ok');
  });
});
