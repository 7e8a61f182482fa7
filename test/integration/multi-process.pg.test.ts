/**
 * Three server processes on one PostgreSQL database and one Redis, as a deployment behind a load
 * balancer runs them. Live pushes reach sockets on other processes; an exception decided at the
 * same moment on two processes is decided once; concurrent grants through all of them never
 * overspend a budget; the resolution log stays one chain per tenant; a process SIGKILLed mid-burst
 * loses nothing and duplicates nothing once clients resend to the survivors; and a sign-in's REST
 * allowance is one across processes, not one per process.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../shared/events';
import type { ExceptionView } from '../../shared/schemas/exceptions';
import { DEMO_POLICY } from '../../server/src/demo/policy';
import type { ClientSocket } from '../support/app';
import { deleteRedisKeys, sharedSecrets, startCluster, uniqueRedisPrefix, type Cluster } from '../support/cluster';
import { openRaw, type RawDb } from '../support/raw-db';
import { connectSocket, send, signIn } from '../support/remote-clients';
import { ingestSecret, type ServerProcess } from '../support/server-process';
import { engine, newTestDatabase, type TestDatabase } from '../support/test-database';
import { postEvent } from '../support/webhook';
import { clientKeyOf, storedKeyLike } from '../support/client-key';

const PREFIX = uniqueRedisPrefix('mp');
const SECRETS = sharedSecrets();
/** Tags this run's idempotency keys, so the checks below find exactly the rows these tests wrote. */
const RUN = randomUUID().slice(0, 8);
const DAY = 86_400_000;
const AGENT_BUDGET = DEMO_POLICY.agentBudgets![0]!.dailyAmountCents;
const TEAM_BUDGET = DEMO_POLICY.teamBudgets![0]!.dailyAmountCents;

let db: TestDatabase;
let raw: RawDb;
const sockets: ClientSocket[] = [];
const tokens = new Map<string, string>();
const ids = { tenants: {} as Record<string, string>, users: {} as Record<string, string>, customers: {} as Record<string, string> };

beforeAll(async () => {
  if (engine !== 'postgres')
    throw new Error('multi-process tests run on PostgreSQL only (the integration-pg project sets LEEWAY_TEST_DB=postgres)');
  db = await newTestDatabase();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await raw?.close();
  await db?.drop();
  await deleteRedisKeys(PREFIX);
});

/** Reads the seeded ids once the first process has seeded the demo. */
async function readIds() {
  raw = await openRaw(db.target);
  for (const t of await raw.all<{ id: string; slug: string }>('select id, slug from tenants')) ids.tenants[t.slug] = t.id;
  for (const u of await raw.all<{ id: string; email: string }>('select id, email from users')) ids.users[u.email] = u.id;
  for (const c of await raw.all<{ id: string; name: string }>('select id, name from customers')) ids.customers[c.name] = c.id;
}

async function token(email: string, node: ServerProcess): Promise<string> {
  if (!tokens.has(email)) tokens.set(email, await signIn(node.url, email));
  return tokens.get(email)!;
}
async function connect(node: ServerProcess, email: string): Promise<ClientSocket> {
  const s = await connectSocket(node.url, await token(email, node));
  sockets.push(s);
  return s;
}
const data = <T>(res: Response<unknown> | undefined, what: string): T => {
  if (!res) throw new Error(`${what}: no answer`);
  if ('error' in res) throw new Error(`${what}: ${res.error}`);
  return res.data as T;
};
/** The next `event` on `s` that matches, or a rejection naming what did not come. */
function next<T>(s: ClientSocket, event: string, match: (v: T) => boolean = () => true, ms = 5000): Promise<T> {
  const on = s.on.bind(s) as (e: string, f: (v: T) => void) => void;
  const off = s.off.bind(s) as (e: string, f: (v: T) => void) => void;
  const p = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => (off(event, listener), reject(new Error(`no matching ${event} within ${ms} ms`))), ms);
    const listener = (v: T) => {
      if (!match(v)) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(v);
    };
    on(event, listener);
  });
  // Awaited by the test; when an earlier step already failed it, its timeout is no second error.
  p.catch(() => undefined);
  return p;
}
async function rest(node: ServerProcess, method: string, path: string, auth: string, body?: unknown) {
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}
const today = () => Date.now() - (Date.now() % DAY);

describe('three processes on one database and one Redis', () => {
  let c: Cluster;
  let n: ServerProcess[];
  beforeAll(async () => {
    c = await startCluster(3, {
      dbEnv: db.env,
      redisPrefix: PREFIX,
      env: { ...SECRETS, LEEWAY_RATE_LIMIT: '0', LEEWAY_SOCKET_RATE_LIMIT: '0', LEEWAY_INGEST_RATE_LIMIT: '0' },
    });
    n = c.nodes;
    await readIds();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await c?.stop();
  });

  it('pushes an event ingested through one process, and the signals computed there, to agents watching the customer on the others', async () => {
    const dana = ids.customers['Dana Whitfield']!;
    const [onB, onC, elsewhere] = [
      await connect(n[1]!, 'agent@acme.test'),
      await connect(n[2]!, 'senior@acme.test'),
      await connect(n[2]!, 'lead@acme.test'),
    ];
    const open = (s: ClientSocket, email: string, ticketId: string) =>
      send(s, 'interaction:open', { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId, requester: { email } });
    for (const s of [onB, onC])
      expect(data<{ status: string }>(await open(s, 'dana.whitfield@example.com', '101'), 'open').status).toBe('known');
    expect(data<{ status: string }>(await open(elsewhere, 'marco.rossi@example.com', '102'), 'open').status).toBe('known');

    const marker = `mp-${RUN}-declined`;
    type Pushed = { customerId: string; event: { type: string; data: { reason?: string } } };
    type Signalled = { customerId: string; signals: { churn: { reasons: string[] } } };
    const isOurs = (p: Pushed) => p.customerId === dana && p.event.data.reason === marker;
    const events = [onB, onC].map((s) => next<Pushed>(s, 'customer:event', isOurs));
    // Signals computed on the ingesting process after the event: they know of the failed payment.
    const signals = [onB, onC].map((s) =>
      next<Signalled>(s, 'customer:signals', (p) => p.customerId === dana && p.signals.churn.reasons.some((r) => /payment failed/.test(r))),
    );
    let strayEvent = false;
    elsewhere.on('customer:event', () => (strayEvent = true));

    const key = { id: 'acme-demo', secret: await ingestSecret(db.target, 'acme-demo') };
    const posted = await postEvent(n[0]!.url, key, {
      type: 'payment.failed',
      customer: { email: 'dana.whitfield@example.com' },
      data: { amountCents: 2_900, currency: 'USD', reason: marker },
    });
    expect(posted).toMatchObject({ status: 200, body: { status: 'stored', customerId: dana } });
    const [b, cc] = (await Promise.all(events)) as [Pushed, Pushed];
    expect(b.event).toMatchObject({ type: 'payment.failed', data: { amountCents: 2_900, reason: marker } });
    expect(cc.event).toEqual(b.event);
    await Promise.all(signals);
    // Not watching Dana: told nothing (the broadcast went to the room, not to everyone).
    await new Promise((r) => setTimeout(r, 300));
    expect(strayEvent).toBe(false);
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

  it('decides an exception once when two supervisors on two other processes decide it at the same moment, ten rounds over', async () => {
    const agent = await connect(n[0]!, 'agent@acme.test');
    const leads = [await connect(n[1]!, 'lead@acme.test'), await connect(n[2]!, 'lead2@acme.test')] as const;
    const names = ['Lee Lead', 'Robin Lead'];
    const leadIds = [ids.users['lead@acme.test']!, ids.users['lead2@acme.test']!];
    for (const s of leads) data(await send(s, 'duty:set', { onDuty: true }), 'duty:set');
    const outcomes: string[] = [];

    for (let round = 0; round < 10; round++) {
      const note = `Third late delivery (run ${RUN}, round ${round})`;
      const raised = leads.map((s) => next<ExceptionView>(s, 'exception:raised', (v) => v.note === note));
      const view = data<ExceptionView>(
        await send(agent, 'exception:request', {
          customerId: ids.customers['Marco Rossi'],
          action: 'account_credit',
          amountCents: 4_500,
          reasonCode: 'goodwill',
          note,
          idempotencyKey: `exc-${RUN}-${round}`,
        }),
        'exception:request',
      );
      // Raised on process 0, it found the team leads on duty on processes 1 and 2 and reached both.
      expect(view).toMatchObject({ status: 'pending', level: 'team_lead' });
      expect((await Promise.all(raised)).map((v) => v.id)).toEqual([view.id, view.id]);

      const finals = [agent, ...leads].map((s) =>
        next<ExceptionView>(s, 'exception:updated', (v) => v.id === view.id && v.status !== 'pending'),
      );
      // Who approves and who denies alternates, so either process may win either way.
      const [approver, denier] = round % 2 ? [0, 1] : [1, 0];
      const answers = await Promise.all([
        send(leads[approver]!, 'exception:decide', { exceptionId: view.id, decision: 'approve', note: 'Loyal customer' }),
        send(leads[denier]!, 'exception:decide', { exceptionId: view.id, decision: 'deny', note: 'Not this time' }),
      ]);
      const wins = answers.filter((a) => a && 'data' in a);
      expect(wins, JSON.stringify(answers)).toHaveLength(1);
      const approved = !!answers[0] && 'data' in answers[0];
      const winner = approved ? approver : denier;
      const loss = answers[approved ? 1 : 0] as { error: string };
      expect(loss.error).toMatch(/^(Already (approved|denied) by (Lee|Robin) Lead|Someone decided it a moment before you)$/);
      outcomes.push(approved ? 'approved' : 'denied');

      // The agent and both supervisors see the same final state.
      for (const f of await Promise.all(finals))
        expect({ status: f.status, by: f.decidedBy?.name }).toEqual({ status: approved ? 'approved' : 'denied', by: names[winner] });
      const row = (await raw.one<{ status: string; decided_by: string; grant_id: string | null; decisions: number; grants: number }>(
        `select e.status, e.decided_by, e.grant_id,
                (select count(*) from exception_events v where v.exception_id = e.id and v.kind in ('approved', 'denied', 'countered')) as decisions,
                (select count(*) from grants g where g.exception_id = e.id) as grants
         from exceptions e where e.id = ?`,
        view.id,
      ))!;
      expect(row).toMatchObject({
        status: approved ? 'approved' : 'denied',
        decided_by: leadIds[winner],
        decisions: 1,
        grants: approved ? 1 : 0,
      });
      if (approved) expect(row.grant_id).toBeTruthy();
    }
    for (const s of leads) data(await send(s, 'duty:set', { onDuty: false }), 'duty:set');
    expect(outcomes).toHaveLength(10);
  }, 60_000);

  it('keeps one resolution log chain per tenant when resolutions are logged concurrently through all three processes', async () => {
    const tenants = [
      {
        slug: 'acme',
        agent: await token('agent@acme.test', n[0]!),
        auditor: await token('auditor@acme.test', n[1]!),
        customerId: ids.customers['Dana Whitfield']!,
      },
      {
        slug: 'globex',
        agent: await token('agent@globex.test', n[1]!),
        auditor: await token('auditor@globex.test', n[2]!),
        customerId: ids.customers['Hank Scorpio']!,
      },
    ];
    const body = (t: (typeof tenants)[number], i: number) => ({
      idempotencyKey: `log-${RUN}-${t.slug}-${i}`,
      customerId: t.customerId,
      helpdesk: 'zendesk',
      ticketId: `mp-${i}`,
      outcome: 'resolved',
      category: 'billing',
      note: 'Credited after the outage',
      handleTimeSeconds: 60 + i,
    });
    // 36 resolutions per tenant, a third through each process; the first six also sent a second time through another process at once.
    const sends = tenants.flatMap((t) => [
      ...Array.from({ length: 36 }, (_, i) => ({ t, node: n[i % 3]!, body: body(t, i) })),
      ...Array.from({ length: 6 }, (_, i) => ({ t, node: n[(i + 1) % 3]!, body: body(t, i) })),
    ]);
    const replies = await Promise.all(
      sends.map(async (s) => ({ key: s.body.idempotencyKey, ...(await rest(s.node, 'POST', '/v1/resolutions', s.t.agent, s.body)) })),
    );
    expect(replies.filter((r) => r.status !== 201 && r.status !== 200).map((r) => `${r.status} ${r.body.message}`)).toEqual([]);
    // Each key stored once: one 201, and its twin (if any) answered as the duplicate of the same entry.
    const byKey = new Map<string, typeof replies>();
    for (const r of replies) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    for (const [key, rs] of byKey) {
      expect({ key, created: rs.filter((r) => r.status === 201).length }).toEqual({ key, created: 1 });
      expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    }

    for (const t of tenants) {
      const tenantId = ids.tenants[t.slug]!;
      const entries = await raw.all<{ seq: number; prev_hash: string; hash: string; idempotency_key: string }>(
        'select seq, prev_hash, hash, idempotency_key from resolution_log where tenant_id = ? order by seq',
        tenantId,
      );
      // seq 1..n with no gap or repeat, each entry chained to the one before, the head on the last.
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      const broken = entries
        .slice(1)
        .filter((e, i) => e.prev_hash !== entries[i]!.hash)
        .map((e) => e.seq);
      expect(broken).toEqual([]);
      const head = (await raw.one<{ seq: number; hash: string }>(
        'select log_head_seq as seq, log_head_hash as hash from tenants where id = ?',
        tenantId,
      ))!;
      expect(head).toEqual({ seq: entries.length, hash: entries.at(-1)!.hash });
      expect(entries.filter((e) => clientKeyOf(e.idempotency_key).startsWith(`log-${RUN}-${t.slug}-`))).toHaveLength(36);
      // The server's own verification agrees, whichever process is asked.
      for (const node of n) {
        const v = await rest(node, 'GET', '/v1/log/verify', t.auditor);
        expect({ slug: t.slug, status: v.status, ok: v.body.ok, entries: v.body.entries, problem: v.body.problem }).toEqual({
          slug: t.slug,
          status: 200,
          ok: true,
          entries: entries.length,
          problem: null,
        });
      }
    }
  });

  describe('a process SIGKILLed in the middle of a burst', () => {
    type Kind = 'grant' | 'resolution';
    interface Op {
      kind: Kind;
      user: string;
      event: 'grant:record' | 'resolution:submit';
      payload: Record<string, unknown> & { idempotencyKey: string };
      /** Sends until answered: more than one means the first got no answer (the kill) and was sent again. */
      tries: number;
      answer?: Response<Record<string, any>>;
    }
    /** Who works where, and where each reconnects if their process dies. */
    const PLACES: { user: string; node: number; fallback: number; lanes: Kind[]; customer: string }[] = [
      { user: 'senior@acme.test', node: 2, fallback: 0, lanes: ['grant', 'grant', 'resolution'], customer: 'Marco Rossi' },
      { user: 'agent@globex.test', node: 2, fallback: 1, lanes: ['grant', 'resolution'], customer: 'Hank Scorpio' },
      { user: 'agent@acme.test', node: 0, fallback: 0, lanes: ['resolution', 'grant'], customer: 'Dana Whitfield' },
      { user: 'senior@globex.test', node: 1, fallback: 1, lanes: ['grant', 'resolution'], customer: 'Hank Scorpio' },
    ];
    const TOTAL = 160;
    const KILL_AT = 50;
    const ops: Op[] = [];
    let killedExit: string | null = null;
    let restarted: ServerProcess;

    beforeAll(async () => {
      const users = new Map<string, { socket: ClientSocket; reconnecting?: Promise<ClientSocket>; fallback: number }>();
      for (const p of PLACES) users.set(p.user, { socket: await connect(n[p.node]!, p.user), fallback: p.fallback });
      /** The user's socket, reconnected to their surviving process when theirs died, as the extension reconnects. */
      const socketOf = (user: string): Promise<ClientSocket> => {
        const u = users.get(user)!;
        if (u.socket.connected) return Promise.resolve(u.socket);
        u.reconnecting ??= connect(n[u.fallback]!, user).then((s) => ((u.socket = s), (u.reconnecting = undefined), s));
        return u.reconnecting;
      };
      let answered = 0;
      const victim = n[2]!;
      const exited = new Promise<void>((res) => victim.child.once('exit', () => res()));

      /** Sends one operation until it has an answer, resending the same payload and key as the outbox does. */
      async function perform(op: Op) {
        ops.push(op);
        while (!op.answer) {
          if (++op.tries > 6)
            throw new Error(`${op.kind} ${op.payload.idempotencyKey} of ${op.user}: no answer after 6 tries\n${c.output().slice(-4000)}`);
          const res = (await send(await socketOf(op.user), op.event, op.payload, 10_000)) as Op['answer'];
          // No answer (the process died or the connection dropped) or "nothing stored, send it again later": resend.
          if (!res || ('error' in res && (res as { retry?: true }).retry)) continue;
          op.answer = res;
        }
        if (++answered === KILL_AT) victim.child.kill('SIGKILL');
      }
      async function lane(place: (typeof PLACES)[number], kind: Kind, laneNo: number) {
        const customerId = ids.customers[place.customer]!;
        for (let i = 0; answered < TOTAL; i++) {
          const idempotencyKey = `kill-${RUN}-${place.user}-${laneNo}-${i}`;
          if (kind === 'grant') {
            await perform({
              kind,
              user: place.user,
              event: 'grant:record',
              tries: 0,
              payload: { customerId, action: 'goodwill_gesture', amountCents: 1_000, idempotencyKey },
            });
          } else {
            await perform({
              kind,
              user: place.user,
              event: 'resolution:submit',
              tries: 0,
              payload: {
                idempotencyKey,
                customerId,
                helpdesk: 'zendesk',
                ticketId: `kill-${laneNo}-${i}`,
                outcome: 'resolved',
                category: 'billing',
                note: 'Goodwill after the outage',
                handleTimeSeconds: 90,
              },
            });
          }
        }
      }
      await Promise.all(PLACES.flatMap((p) => p.lanes.map((kind, laneNo) => lane(p, kind, laneNo))));
      await exited;
      killedExit = victim.child.signalCode;
      // The killed process back on its port, on the same database and Redis, while the others run.
      restarted = await c.restart(2);
    }, 90_000);

    const accepted = (o: Op): string | null => {
      const d = o.answer && 'data' in o.answer ? o.answer.data : undefined;
      if (!d) return null;
      return o.kind === 'grant' ? (d.status === 'refused' ? null : d.grant.id) : d.id;
    };

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
        return !d || d.status !== 'duplicate' || (o.kind === 'grant' ? d.grant.id : d.id) !== accepted(o);
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

describe('rate limits shared through Redis', () => {
  const LIMIT = 20;
  let r: Cluster;
  beforeAll(async () => {
    // Two processes of another deployment on the same database: its own Redis prefix, a small allowance.
    r = await startCluster(2, { dbEnv: db.env, redisPrefix: `${PREFIX}limits:`, env: { ...SECRETS, LEEWAY_RATE_LIMIT: String(LIMIT) } });
  });
  afterAll(() => r?.stop());

  it('counts one sign-in’s REST allowance across both processes together, not per process', async () => {
    const [a, b] = r.nodes as [ServerProcess, ServerProcess];
    const agent = await signIn(a.url, 'agent@acme.test');
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await rest(i % 2 ? b : a, 'GET', '/v1/policy', agent);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-ratelimit-remaining') ?? '?');
    }
    // One counter: what is left goes down by one whichever process answered.
    expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, i) => String(LIMIT - 1 - i)));
    for (const node of [a, b]) {
      const refused = await rest(node, 'GET', '/v1/policy', agent);
      expect(refused.status).toBe(429);
      expect(refused.body.message).toMatch(
        new RegExp(`^Too many requests: at most ${LIMIT} a minute per sign-in; retry in \\d+ seconds?$`),
      );
    }
    // Another sign-in has its own allowance, on either process.
    const lead = await signIn(b.url, 'lead@acme.test');
    expect((await rest(a, 'GET', '/v1/policy', lead)).status).toBe(200);
  });
});
