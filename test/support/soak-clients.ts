/**
 * The soak's client side, a child process of soak-run.ts (IPC): signs in every agent and
 * supervisor of the plan, holds one websocket each (agents with a ticket open on their
 * customer, supervisors on duty), then for the load window starts signed webhooks, exception
 * requests and resolutions at steady rates. Supervisors decide what reaches them. Every
 * message is tallied, so the report can say what is missing, doubled or misdelivered.
 * One clock for sending and receiving: latencies need no offset.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { ExceptionView } from '../../shared/schemas/exceptions';
import { signedHeaders } from '../../shared/webhook-signature';
import type { FromClients, SoakLoad, SoakPlan, SoakReport, ToClients } from './soak-types';

type S = Socket<ServerToClientEvents, ClientToServerEvents>;
type Ack<T> = { data: T } | { error: string };

const ACK_MS = 60_000;
const SIGN_IN_CONCURRENCY = 25;
const CONNECT_BATCH = 50;
/** Lines kept per list in the report; the counts are complete. */
const KEEP = 50;
const DECISIONS = ['approve', 'deny', 'counter'] as const;

const tell = (m: FromClients) => process.send!(m);

let plan: SoakPlan;
let stopping = false;
const agents: { socket: S; interactionId: string; ticketId: string }[] = [];
const supervisors: S[] = [];
/** customer index → the agents watching it */
let watchers: number[][] = [];

// --- the tally -------------------------------------------------------------------------
const errors = { count: 0, lines: [] as string[] };
const unaccounted = { count: 0, lines: [] as string[] };
const note = (list: typeof errors, line: string) => {
  list.count++;
  if (list.lines.length < KEEP) list.lines.push(line);
};
const fail = (line: string) => note(errors, line);
const messages = { in: 0, out: 0 };
const sent = { signals: 0, signalsStored: 0, exceptions: 0, decisions: 0, resolutions: 0, resends: 0 };
const received = { events: 0, signals: 0, raised: 0, updated: 0 };
/** Operations started and not yet answered. */
let pending = 0;

/** event id → {customer, sent at}; filled from the webhook's reply (the push may come first). */
const stored = new Map<string, { customer: number; sentAt: number }>();
/** event id → agent → times received, and every arrival for the latencies. */
const deliveries = new Map<string, Map<number, number>>();
const arrivals: [eventId: string, at: number][] = [];
let signalsPerAgent: number[] = [];
let expected = { events: 0, signals: 0, updates: 0 };

interface ExceptionTally {
  agent?: number;
  lead?: number;
  /** supervisor → times raised to them */
  raised: Map<number, number>;
  decideAcks: number;
  decided?: string;
  agentUpdates: { agent: number; status: string }[];
  supervisorUpdates: number[];
}
const exceptions = new Map<string, ExceptionTally>();
const exceptionIds: string[] = [];
const tallyOf = (id: string) => {
  let t = exceptions.get(id);
  if (!t) exceptions.set(id, (t = { raised: new Map(), decideAcks: 0, agentUpdates: [], supervisorUpdates: [] }));
  return t;
};
const resolutionKeys: string[] = [];

// --- set-up ----------------------------------------------------------------------------
async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${plan.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: plan.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

function connect(token: string, who: string): Promise<S> {
  // forceNew: one real connection each, not multiplexed over a shared manager. No reconnection: a drop is an error here.
  const s: S = io(plan.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  s.on('disconnect', (reason) => {
    if (!stopping) fail(`${who} disconnected: ${reason}`);
  });
  return new Promise((res, rej) => {
    s.once('connect', () => res(s));
    s.once('connect_error', (e) => rej(new Error(`${who}: ${e.message}`)));
  });
}

type AckOf<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** emitWithAck with a deadline, typed by the contract (socket.io's timeout() loses the ack's type). */
function ask<E extends keyof ClientToServerEvents>(s: S, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<AckOf<E>> {
  const timed = s.timeout(ACK_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<AckOf<E>> };
  return timed.emitWithAck(event, payload);
}

function data<T>(what: string, res: Ack<T>): T {
  if ('error' in res) throw new Error(`${what}: ${res.error}`);
  return res.data;
}

async function setUpAgent(a: number, token: string) {
  const who = `agent ${a}`;
  const s = await connect(token, who);
  s.on('customer:event', ({ event }) => {
    received.events++;
    messages.out++;
    arrivals.push([event.id, performance.now()]);
    let m = deliveries.get(event.id);
    if (!m) deliveries.set(event.id, (m = new Map()));
    m.set(a, (m.get(a) ?? 0) + 1);
  });
  s.on('customer:signals', () => {
    received.signals++;
    messages.out++;
    signalsPerAgent[a]!++;
  });
  s.on('exception:raised', (v) => {
    messages.out++;
    note(unaccounted, `exception ${v.id} was raised to agent ${a}`);
  });
  s.on('exception:updated', (v) => {
    received.updated++;
    messages.out++;
    tallyOf(v.id).agentUpdates.push({ agent: a, status: v.status });
  });
  const ticketId = `soak-${a}`;
  const opened = data(
    `${who} interaction:open`,
    await ask(s, 'interaction:open', {
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId,
      requester: { email: plan.customers[plan.agents[a]!.customer]!.email },
    }),
  );
  if (opened.status !== 'known') throw new Error(`${who}: the customer was not recognised (${opened.status})`);
  agents[a] = { socket: s, interactionId: opened.interactionId, ticketId };
}

async function setUpSupervisor(k: number, token: string) {
  const who = `supervisor ${k}`;
  const s = await connect(token, who);
  s.on('exception:raised', (v) => {
    received.raised++;
    messages.out++;
    const t = tallyOf(v.id);
    const times = (t.raised.get(k) ?? 0) + 1;
    t.raised.set(k, times);
    if (times === 1) void decide(k, v);
  });
  s.on('exception:updated', (v) => {
    received.updated++;
    messages.out++;
    tallyOf(v.id).supervisorUpdates.push(k);
  });
  s.on('customer:event', ({ event }) => {
    messages.out++;
    note(unaccounted, `event ${event.id} was pushed to supervisor ${k}, who watches no customer`);
  });
  const duty = data(`${who} duty:set`, await ask(s, 'duty:set', { onDuty: true }));
  if (!duty.onDuty || duty.level !== 'team_lead') throw new Error(`${who}: not on duty as a team lead (${JSON.stringify(duty)})`);
  supervisors[k] = s;
}

async function setUp() {
  const t0 = performance.now();
  watchers = plan.customers.map(() => []);
  plan.agents.forEach((a, i) => watchers[a.customer]!.push(i));
  signalsPerAgent = plan.agents.map(() => 0);
  const people = [
    ...plan.supervisors.map((s, k) => ({ email: s.email, kind: 'supervisor' as const, i: k })),
    ...plan.agents.map((a, i) => ({ email: a.email, kind: 'agent' as const, i })),
  ];
  const tokens: string[] = [];
  await pool(people, SIGN_IN_CONCURRENCY, async (p, n) => void (tokens[n] = await signIn(p.email)));
  for (let i = 0; i < people.length; i += CONNECT_BATCH) {
    await Promise.all(
      people
        .slice(i, i + CONNECT_BATCH)
        .map((p, j) => (p.kind === 'agent' ? setUpAgent(p.i, tokens[i + j]!) : setUpSupervisor(p.i, tokens[i + j]!))),
    );
  }
  return (performance.now() - t0) / 1000;
}

// --- operations ------------------------------------------------------------------------
const TYPES = [
  (n: number) => ({ type: 'payment.failed', data: { amountCents: 1_000 + n, currency: 'USD', reason: 'card declined' } }),
  (n: number) => ({ type: 'order.placed', data: { orderId: `SOAK-${n}`, amountCents: 5_000 + n, currency: 'USD' } }),
  (n: number) => ({ type: 'page.visited', data: { url: `https://shop.example.com/p/${n}`, title: 'Product page' } }),
  (n: number) => ({ type: 'survey.answered', data: { survey: 'csat', score: n % 6 } }),
];

async function tracked(what: string, op: () => Promise<void>) {
  pending++;
  try {
    await op();
  } catch (e) {
    fail(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    pending--;
  }
}

const signal = (n: number) =>
  tracked(`webhook ${n}`, async () => {
    const customer = n % plan.customers.length;
    const body = JSON.stringify({
      id: `soak-${n}`,
      occurredAt: new Date().toISOString(),
      customer: { email: plan.customers[customer]!.email },
      ...TYPES[n % TYPES.length]!(n),
    });
    const headers = signedHeaders(plan.ingestKey.id, plan.ingestKey.secret, body);
    sent.signals++;
    messages.in++;
    const sentAt = performance.now();
    const res = await fetch(`${plan.url}/v1/ingest/events`, { method: 'POST', headers, body });
    const reply = (await res.json()) as { status?: string; eventId?: string; error?: string };
    if (res.status !== 200 || reply.status !== 'stored' || !reply.eventId) throw new Error(`${res.status} ${JSON.stringify(reply)}`);
    sent.signalsStored++;
    stored.set(reply.eventId, { customer, sentAt });
    expected.events += watchers[customer]!.length;
    expected.signals += watchers[customer]!.length;
  });

const exception = (n: number) =>
  tracked(`exception request ${n}`, async () => {
    const a = (n * 37) % plan.agents.length; // 37 is coprime with the agent count used: every agent in turn, teams interleaved
    const agent = plan.agents[a]!;
    sent.exceptions++;
    messages.in++;
    const res = await ask(agents[a]!.socket, 'exception:request', {
      customerId: plan.customers[agent.customer]!.id,
      action: 'account_credit', // $30 alone: $45 needs a team lead, nothing more
      amountCents: 4_500,
      reasonCode: 'goodwill',
      note: `Soak request ${n}`,
      interactionId: agents[a]!.interactionId,
      idempotencyKey: randomUUID(),
    });
    const view = data('ack', res);
    if (view.status !== 'pending' || view.level !== 'team_lead')
      throw new Error(`expected pending at team_lead, got ${view.status} at ${view.level}`);
    const t = tallyOf(view.id);
    t.agent = a;
    t.lead = agent.lead;
    exceptionIds.push(view.id);
  });

let decisions = 0;
const decide = (k: number, v: ExceptionView) =>
  tracked(`supervisor ${k} deciding ${v.id}`, async () => {
    const decision = DECISIONS[decisions++ % DECISIONS.length]!;
    sent.decisions++;
    messages.in++;
    const res = await ask(supervisors[k]!, 'exception:decide', {
      exceptionId: v.id,
      decision,
      note: `Soak ${decision}`,
      ...(decision === 'counter' ? { counter: { action: 'account_credit', amountCents: 2_500 } } : {}),
    });
    const t = tallyOf(v.id);
    t.decideAcks++;
    t.decided = data('ack', res).status;
    expected.updates += 2; // the agent and the lead who was told
  });

const resolution = (n: number) =>
  tracked(`resolution ${n}`, async () => {
    const a = (n * 53) % plan.agents.length;
    const agent = agents[a]!;
    const body = {
      idempotencyKey: randomUUID(),
      interactionId: agent.interactionId,
      customerId: plan.customers[plan.agents[a]!.customer]!.id,
      helpdesk: 'zendesk',
      instance: 'acme.zendesk.com',
      ticketId: agent.ticketId,
      outcome: 'resolved' as const,
      category: 'billing' as const,
      actions: [],
      reasonCodes: ['goodwill'],
      note: `Soak resolution ${n}`,
      handleTimeSeconds: 240,
    };
    sent.resolutions++;
    messages.in++;
    const first = data('ack', await ask(agent.socket, 'resolution:submit', body));
    if (first.status !== 'stored') throw new Error(`expected stored, got ${first.status}`);
    resolutionKeys.push(body.idempotencyKey);
    // Every tenth is sent again, as the outbox does after a lost reply: the same entry, never a second.
    if (n % 10 === 0) {
      sent.resends++;
      messages.in++;
      const again = data('resend ack', await ask(agent.socket, 'resolution:submit', body));
      if (again.status !== 'duplicate' || again.id !== first.id)
        throw new Error(`resend: expected duplicate of ${first.id}, got ${again.status} ${again.id}`);
    }
  });

/** Starts each stream's operations on schedule (open loop: a slow server does not slow the senders). */
function runStreams(load: SoakLoad): Promise<number> {
  const streams = [
    { rate: load.rates.signalsPerS, op: signal, started: 0 },
    { rate: load.rates.exceptionsPerS, op: exception, started: 0 },
    { rate: load.rates.resolutionsPerS, op: resolution, started: 0 },
  ];
  const t0 = performance.now();
  return new Promise((done) => {
    const timer = setInterval(() => {
      const elapsed = Math.min((performance.now() - t0) / 1000, load.seconds);
      for (const s of streams) {
        const due = Math.floor(elapsed * s.rate);
        while (s.started < due) void s.op(s.started++);
      }
      if (elapsed >= load.seconds) {
        clearInterval(timer);
        done((performance.now() - t0) / 1000);
      }
    }, 10);
  });
}

const allArrived = () =>
  pending === 0 && received.events >= expected.events && received.signals >= expected.signals && received.updated >= expected.updates;

// --- accounting ------------------------------------------------------------------------
function account() {
  const gone = (line: string) => note(unaccounted, line);
  for (const [eventId, { customer }] of stored) {
    const got = deliveries.get(eventId) ?? new Map<number, number>();
    for (const a of watchers[customer]!) {
      const times = got.get(a) ?? 0;
      if (times !== 1) gone(`event ${eventId} reached agent ${a} (watching its customer) ${times} times`);
    }
    for (const [a] of got)
      if (plan.agents[a]!.customer !== customer) gone(`event ${eventId} reached agent ${a}, who watches another customer`);
  }
  for (const [eventId] of deliveries)
    if (!stored.has(eventId)) gone(`event ${eventId} was pushed but no webhook was answered "stored" for it`);

  const eventsOf = plan.customers.map(() => 0);
  for (const { customer } of stored.values()) eventsOf[customer]!++;
  plan.agents.forEach((a, i) => {
    if (signalsPerAgent[i] !== eventsOf[a.customer])
      gone(`agent ${i} received ${signalsPerAgent[i]} signal updates for ${eventsOf[a.customer]} events of its customer`);
  });

  for (const [id, t] of exceptions) {
    if (t.agent === undefined) {
      gone(`exception ${id} reached clients but no agent's request was answered with it`);
      continue;
    }
    const raisedToLead = t.raised.get(t.lead!) ?? 0;
    if (raisedToLead !== 1) gone(`exception ${id} was raised to its team lead ${raisedToLead} times`);
    for (const [k] of t.raised) if (k !== t.lead) gone(`exception ${id} was raised to supervisor ${k} of another team`);
    if (t.decideAcks !== 1) gone(`exception ${id} was decided ${t.decideAcks} times`);
    const mine = t.agentUpdates.filter((u) => u.agent === t.agent);
    if (mine.length !== 1 || mine[0]!.status !== t.decided)
      gone(`exception ${id}: its agent saw ${JSON.stringify(mine.map((u) => u.status))}, decided ${t.decided}`);
    if (mine.length !== t.agentUpdates.length) gone(`exception ${id}: other agents were told of it`);
    if (t.supervisorUpdates.length !== 1 || t.supervisorUpdates[0] !== t.lead)
      gone(`exception ${id}: supervisors told of the decision: ${JSON.stringify(t.supervisorUpdates)}, expected its lead ${t.lead}`);
  }
}

async function runLoad(load: SoakLoad) {
  tell({ type: 'loading' });
  const seconds = await runStreams(load);
  const socketsConnected = [...agents.map((a) => a.socket), ...supervisors].filter((s) => s.connected).length;
  const until = performance.now() + load.drainSeconds * 1000;
  while (!allArrived() && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (pending > 0) fail(`${pending} operations still unanswered ${load.drainSeconds} s after the window`);
  account();
  const signalLatencyMs = arrivals.flatMap(([id, at]) => {
    const s = stored.get(id);
    return s ? [at - s.sentAt] : [];
  });
  const report: SoakReport = {
    seconds,
    socketsConnected,
    messagesIn: messages.in,
    messagesOut: messages.out,
    sent,
    received,
    errorCount: errors.count,
    errors: errors.lines,
    unaccountedCount: unaccounted.count,
    unaccounted: unaccounted.lines,
    signalLatencyMs,
    resolutionKeys,
    exceptionIds,
  };
  tell({ type: 'report', report });
}

function stop() {
  stopping = true;
  for (const s of [...agents.map((a) => a?.socket), ...supervisors]) s?.disconnect();
  setTimeout(() => process.exit(0), 50);
}

process.on('message', (m: ToClients) => {
  if (m.type === 'plan') {
    plan = m.plan;
    setUp().then(
      (setupSeconds) => tell({ type: 'ready', setupSeconds }),
      (e) => tell({ type: 'fatal', message: e instanceof Error ? e.message : String(e) }),
    );
  } else if (m.type === 'load') {
    runLoad(m.load).catch((e) => tell({ type: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  } else if (m.type === 'stop') stop();
});
// The orchestrator is gone (killed, crashed): do not linger.
process.on('disconnect', stop);
