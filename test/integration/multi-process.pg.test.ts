/**
 * Three server processes on one PostgreSQL database and one Redis, as a deployment behind a load
 * balancer runs them. Live pushes reach sockets on other processes; an exception decided at the
 * same moment on two processes is decided once; the resolution log stays one chain per tenant;
 * and a sign-in's REST allowance is one across processes, not one per process. (Budgets under
 * concurrent grants and a process killed mid-burst: multi-process-kill.pg.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExceptionView } from '@shared/schemas/exceptions';
import type { ClientSocket } from '../support/app';
import { clientKeyOf } from '../support/client-key';
import { sharedSecrets, startCluster, uniqueRedisPrefix, type Cluster } from '../support/cluster';
import { data, next, rest, startUnlimited, stopCluster, useDeployment } from '../support/multi-process/clients';
import type { RawDb } from '../support/raw-db';
import { send, signIn } from '../support/remote-clients';
import { ingestSecret, type ServerProcess } from '../support/server-process';
import type { TestDatabase } from '../support/test-database';
import { nextSignals } from '../support/pushed-signals';
import { postEvent } from '../support/webhook';

const PREFIX = uniqueRedisPrefix('mp');
const SECRETS = sharedSecrets();
/** Tags this run's idempotency keys, so the checks below find exactly the rows these tests wrote. */
const RUN = randomUUID().slice(0, 8);

const deployment = useDeployment(PREFIX);
const { ids, token, connect } = deployment;
let db: TestDatabase;
let raw: RawDb;
beforeAll(() => {
  db = deployment.db;
});

describe('three processes on one database and one Redis', () => {
  let c: Cluster;
  let n: ServerProcess[];
  beforeAll(async () => {
    c = await startUnlimited(deployment, PREFIX, SECRETS);
    n = c.nodes;
    raw = deployment.raw;
  });
  afterAll(() => stopCluster(deployment, c));

  it('pushes an event ingested through one process, and the signals computed there, to agents watching the customer on the others; each process computes its own panels’ suggested offers', async () => {
    const dana = ids.customers['Dana Whitfield']!;
    const [onB, onC, elsewhere] = [
      await connect(n[1]!, 'agent@acme.test'),
      await connect(n[2]!, 'senior@acme.test'),
      await connect(n[2]!, 'lead@acme.test'),
    ];
    const open = (s: ClientSocket, email: string, ticketId: string) =>
      send(s, 'interaction:open', { helpdesk: 'zendesk', instance: 'acme.zendesk.com', ticketId, requester: { email } });
    const asked: { interactionId: string; seq: number }[] = [];
    for (const s of [onB, onC]) {
      const opened = data<{ status: string; interactionId: string }>(await open(s, 'dana.whitfield@example.com', '101'), 'open');
      expect(opened.status).toBe('known');
      // Its panel shows suggestions: each is sent them afresh once Dana changes, by the process it is connected to.
      asked.push(data(await send(s, 'offer:recommend', { interactionId: opened.interactionId }), 'recommend'));
    }
    expect(data<{ status: string }>(await open(elsewhere, 'marco.rossi@example.com', '102'), 'open').status).toBe('known');

    const marker = `mp-${RUN}-declined`;
    type Pushed = { customerId: string; event: { type: string; data: { reason?: string } } };
    const isOurs = (p: Pushed) => p.customerId === dana && p.event.data.reason === marker;
    const events = [onB, onC].map((s) => next<Pushed>(s, 'customer:event', isOurs));
    // Signals computed on the ingesting process after the event: they know of the failed payment.
    const signals = [onB, onC].map((s) =>
      nextSignals(s, (p) => p.customerId === dana && p.signals.churn.reasons.some((r) => /payment failed/.test(r))),
    );
    type Offers = { interactionId: string; seq: number };
    const offers = [onB, onC].map((s, i) => next<Offers>(s, 'offer:recommendations', (p) => p.interactionId === asked[i]!.interactionId));
    let strayEvent = false;
    elsewhere.on('customer:event', () => (strayEvent = true));
    elsewhere.on('offer:recommendations', () => (strayEvent = true));

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
    const pushed = await Promise.all(offers);
    pushed.forEach((p, i) => expect(p.seq).toBeGreaterThan(asked[i]!.seq));

    // A new version of the tenant's offers, saved through the first process: the others' panels are sent theirs afresh.
    const admin = await token('admin@acme.test', n[0]!);
    const current = await rest(n[0]!, 'GET', '/v1/settings/offers', admin);
    const again = [onB, onC].map((s, i) => next<Offers>(s, 'offer:recommendations', (p) => p.seq > pushed[i]!.seq));
    const saved = await rest(n[0]!, 'PUT', '/v1/settings/offers', admin, { offers: current.body.offers, note: `mp-${RUN}` });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const shown = (await Promise.all(again)) as (Offers & { usage: { teamTodayCents: number } })[];

    // A teammate's grant through the first process, on another customer: the team's day reaches the panels on the others.
    const spent = [onB, onC].map((s, i) =>
      next<{ usage: { teamTodayCents: number } }>(
        s,
        'offer:recommendations',
        (p) => p.usage.teamTodayCents === shown[i]!.usage.teamTodayCents + 1_100,
      ),
    );
    const senior = await token('senior@acme.test', n[0]!);
    const grant = { customerId: ids.customers['Marco Rossi'], action: 'discount', amountCents: 1_100, idempotencyKey: randomUUID() };
    const granted = await rest(n[0]!, 'POST', '/v1/grants', senior, grant);
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    await Promise.all(spent);
    // Not watching Dana: told nothing (the broadcast went to the room, not to everyone).
    await new Promise((r) => setTimeout(r, 300));
    expect(strayEvent).toBe(false);
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
