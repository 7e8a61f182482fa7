/**
 * The server SIGKILLed in the middle of a burst of grants, exception requests, decisions and
 * resolutions, at three different points; after each restart on the same database every
 * operation that got no answer is sent again with the same payload and key, as the extension's
 * outbox does. Every operation and every kill is recorded for kill-mid-burst.test.ts to check.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from '@shared/events';
import type { ClientSocket } from './app';
import { clientKeyOf } from './client-key';
import { openRaw, type RawDb } from './raw-db';
import { connectSocket, send, signIn } from './remote-clients';
import { startServer, type ServerProcess } from './server-process';

export const AGENTS = ['agent@acme.test', 'senior@acme.test'];
export const LEADS = ['lead@acme.test', 'lead2@acme.test'];
export const SUPERVISORS = [...LEADS, 'manager@acme.test'];
/** Answers received in a round before the SIGKILL: early, midway, late. */
const KILL_AFTER = [6, 35, 80];
/** Concurrent senders per agent: several operations of each kind are in flight when the kill lands. */
const LANES: Kind[] = ['grant', 'grant', 'exception', 'resolution'];
// No rate limits: the burst is the point, not a throttle's refusals.
const ENV = { LEEWAY_RATE_LIMIT: '0', LEEWAY_SOCKET_RATE_LIMIT: '0', LEEWAY_INGEST_RATE_LIMIT: '0' };
export type Kind = 'grant' | 'exception' | 'decision' | 'resolution';
export interface Op {
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
export const tokens = new Map<string, string>();
let sockets = new Map<string, ClientSocket>();
export const ops: Op[] = [];
let customers: { dana: string; marco: string; priya: string; sam: string };
let tenantId: string;
export const userIds = new Map<string, string>();
/** Keys of the seed's own grants (none today): everything else in `grants` must come from an operation here. */
let seededGrantKeys: Set<string>;
export const kills: { round: number; unanswered: number; byKind: string; exit: string | null }[] = [];

export const data = (op: Op) => (op.answer && 'data' in op.answer ? op.answer.data : undefined);

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

export async function readDb<T>(fn: (db: RawDb) => Promise<T>): Promise<T> {
  const db = await openRaw(server.target);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Starts the server, runs the three rounds (burst, kill, restart, resend) and says what was seeded. */
export async function runKillsMidBurst() {
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
  return { server, customers, tenantId, seededGrantKeys };
}

export async function stopKillsMidBurst() {
  for (const s of sockets.values()) s.disconnect();
  await server?.stop();
}
