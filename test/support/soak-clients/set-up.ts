/**
 * The soak client's set-up: signs in every agent and supervisor of the plan and holds one
 * websocket each (agents with a ticket open on their customer, supervisors on duty), each
 * socket tallying what reaches it.
 */
import { io } from 'socket.io-client';
import { ask, data } from './ask';
import { decide } from './operations';
import { agents, arrivals, deliveries, fail, messages, note, received, run, type S, supervisors, tallyOf, unaccounted } from './state';

const SIGN_IN_CONCURRENCY = 25;
const CONNECT_BATCH = 50;

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
  const res = await fetch(`${run.plan.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: run.plan.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

function connect(token: string, who: string): Promise<S> {
  // forceNew: one real connection each, not multiplexed over a shared manager. No reconnection: a drop is an error here.
  const s: S = io(run.plan.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  s.on('disconnect', (reason) => {
    if (!run.stopping) fail(`${who} disconnected: ${reason}`);
  });
  return new Promise((res, rej) => {
    s.once('connect', () => res(s));
    s.once('connect_error', (e) => rej(new Error(`${who}: ${e.message}`)));
  });
}

async function setUpAgent(a: number, token: string) {
  const who = `agent ${a}`;
  const s = await connect(token, who);
  s.on('customer:event', ({ event, signals }) => {
    received.events++;
    messages.out++;
    // Signals that came with the event are its signal update (one message for both).
    if (signals) {
      received.signals++;
      run.signalsPerAgent[a]!++;
    }
    arrivals.push([event.id, performance.now()]);
    let m = deliveries.get(event.id);
    if (!m) deliveries.set(event.id, (m = new Map()));
    m.set(a, (m.get(a) ?? 0) + 1);
  });
  s.on('customer:signals', () => {
    received.signals++;
    messages.out++;
    run.signalsPerAgent[a]!++;
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
      requester: { email: run.plan.customers[run.plan.agents[a]!.customer]!.email },
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

export async function setUp() {
  const t0 = performance.now();
  run.watchers = run.plan.customers.map(() => []);
  run.plan.agents.forEach((a, i) => run.watchers[a.customer]!.push(i));
  run.signalsPerAgent = run.plan.agents.map(() => 0);
  const people = [
    ...run.plan.supervisors.map((s, k) => ({ email: s.email, kind: 'supervisor' as const, i: k })),
    ...run.plan.agents.map((a, i) => ({ email: a.email, kind: 'agent' as const, i })),
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
