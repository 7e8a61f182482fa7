/**
 * Exception round trip, machine time: the agent's socket raises a request → a supervisor's
 * socket receives it → decides at once → the agent's socket receives the decision. 50
 * on-duty supervisors (distinct users, every one told) and 1,000 agent sockets connected.
 * Measured at the socket clients the panels use; DOM rendering is in signal_latency_*.
 * Floor: two raw `ws` round trips (the flow crosses the wire twice each way).
 */
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';
import type { ExceptionView } from '@shared/schemas/exceptions';
import { openDatabase } from '../server/src/db/open';
import { startServer } from '../test/support/server-process';
import { startAgents } from './agents-process';
import { percentile } from './stats';
import { figure, type Figure } from './types';

type S = Socket<ServerToClientEvents, ClientToServerEvents>;
export const exceptionRoundTripNames = ['exception_round_trip_p50_ms', 'exception_round_trip_p99_ms'];
const SUPERVISORS = 50;
const AGENTS = 1000;
const SAMPLES = 200;

async function token(url: string, email: string) {
  const res = await fetch(`${url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'leeway-demo' }),
  });
  return ((await res.json()) as { token: string }).token;
}
const connect = (url: string, t: string) =>
  new Promise<S>((res, rej) => {
    const s: S = io(url, { auth: { token: t }, transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => res(s)).once('connect_error', rej);
  });

export async function exceptionRoundTrip(wsFloor: { p50: number; p99: number }): Promise<Figure[]> {
  // The rate limits are off: this measures the path, not the limiter, and the 1,050 simulated people all
  // connect from this one address (the agents sign in once per ten sockets, as the per-sign-in cap allows).
  const server = await startServer({ env: { LEEWAY_LOG_LEVEL: 'warn', LEEWAY_SOCKET_RATE_LIMIT: '0', LEEWAY_RATE_LIMIT: '0' } });
  const sockets: S[] = [];
  let agents: Awaited<ReturnType<typeof startAgents>> | undefined;
  try {
    // 49 more team leads of team billing, cloned from the demo one (same password hash), in the server's database.
    const { target } = server;
    const db = await openDatabase(
      target.kind === 'postgres'
        ? { kind: 'postgres', url: target.url, poolSize: 1 }
        : { kind: 'sqlite', file: target.file, sync: 'NORMAL' },
    );
    let marco: string;
    try {
      const { identities, users } = db.t;
      const [lead] = await db.q.select().from(users).where(eq(users.email, 'lead@acme.test'));
      const clones = Array.from({ length: SUPERVISORS - 1 }, (_, i) => ({
        ...lead!,
        id: randomUUID(),
        email: `bench-lead-${i + 1}@acme.test`,
        name: `Bench Lead ${i + 1}`,
        onDuty: false,
      }));
      await db.tx(async (tx) => {
        await tx.insert(users).values(clones);
      });
      const [m] = await db.q
        .select({ id: identities.customerId })
        .from(identities)
        .where(and(eq(identities.kind, 'email'), eq(identities.value, 'marco.rossi@example.com')));
      marco = m!.id;
    } finally {
      await db.close();
    }

    const emails = ['lead@acme.test', ...Array.from({ length: SUPERVISORS - 1 }, (_, i) => `bench-lead-${i + 1}@acme.test`)];
    for (const email of emails) {
      const s = await connect(server.url, await token(server.url, email));
      sockets.push(s);
      const res = await s.emitWithAck('duty:set', { onDuty: true });
      if ('error' in res) throw new Error(res.error);
    }
    agents = await startAgents(server.url, AGENTS);
    const agent = await connect(server.url, await token(server.url, 'agent@acme.test'));
    sockets.push(agent);
    const decider = sockets[0]!;
    // The deciding supervisor answers every request the moment it arrives; a denial records no grant, so budgets never interfere.
    decider.on('exception:raised', (e) =>
      decider.emit('exception:decide', { exceptionId: e.id, decision: 'deny', note: 'bench' }, () => {}),
    );

    const samples: number[] = [];
    for (let i = 0; i < SAMPLES + 10; i++) {
      const t0 = performance.now();
      const decided = new Promise<ExceptionView>((res) => {
        const on = (e: ExceptionView) => {
          if (e.status === 'pending') return;
          agent.off('exception:updated', on);
          res(e);
        };
        agent.on('exception:updated', on);
      });
      const raised = await agent.emitWithAck('exception:request', {
        customerId: marco,
        action: 'account_credit',
        amountCents: 4_500,
        reasonCode: 'goodwill',
        note: 'bench',
        idempotencyKey: randomUUID(),
      });
      if ('error' in raised) throw new Error(raised.error);
      const final = await decided;
      if (final.status !== 'denied') throw new Error(`unexpected outcome ${final.status}`);
      if (i >= 10) samples.push(performance.now() - t0);
    }
    return [
      figure('exception_round_trip_p50_ms', percentile(samples, 50), 'ms', 2 * wsFloor.p50),
      figure('exception_round_trip_p99_ms', percentile(samples, 99), 'ms', 2 * wsFloor.p99),
    ];
  } finally {
    for (const s of sockets) s.disconnect();
    await agents?.stop();
    await server.stop();
  }
}
