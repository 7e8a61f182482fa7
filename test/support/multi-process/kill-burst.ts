/**
 * A SIGKILL in the middle of a burst: agents on all three processes record grants and submit
 * resolutions over their sockets; after the 50th answer, process 2 is killed. Each operation is
 * sent until answered (reconnecting to a survivor, resending the same payload and key as the
 * outbox does), then process 2 is restarted on the same database and Redis.
 */
import type { Response } from '@shared/events';
import type { ClientSocket } from '../app';
import type { Cluster } from '../cluster';
import { send } from '../remote-clients';
import type { ServerProcess } from '../server-process';

export type Kind = 'grant' | 'resolution';
export interface Op {
  kind: Kind;
  user: string;
  event: 'grant:record' | 'resolution:submit';
  payload: Record<string, unknown> & { idempotencyKey: string };
  /** Sends until answered: more than one means the first got no answer (the kill) and was sent again. */
  tries: number;
  answer?: Response<Record<string, any>>;
}
/** Who works where, and where each reconnects if their process dies. */
export const PLACES: { user: string; node: number; fallback: number; lanes: Kind[]; customer: string }[] = [
  { user: 'senior@acme.test', node: 2, fallback: 0, lanes: ['grant', 'grant', 'resolution'], customer: 'Marco Rossi' },
  { user: 'agent@globex.test', node: 2, fallback: 1, lanes: ['grant', 'resolution'], customer: 'Hank Scorpio' },
  { user: 'agent@acme.test', node: 0, fallback: 0, lanes: ['resolution', 'grant'], customer: 'Dana Whitfield' },
  { user: 'senior@globex.test', node: 1, fallback: 1, lanes: ['grant', 'resolution'], customer: 'Hank Scorpio' },
];
const TOTAL = 160;
const KILL_AT = 50;

export interface KillBurst {
  ops: Op[];
  /** How the killed process ended: SIGKILL. */
  killedExit: string | null;
  /** The killed process back on its port. */
  restarted: ServerProcess;
}

/** Runs the burst on `c` (three processes), as the users of PLACES, keys tagged with `run`. */
export async function runKillBurst(
  c: Cluster,
  customers: Record<string, string>,
  connect: (node: ServerProcess, email: string) => Promise<ClientSocket>,
  run: string,
): Promise<KillBurst> {
  const n = c.nodes;
  const ops: Op[] = [];
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
    const customerId = customers[place.customer]!;
    for (let i = 0; answered < TOTAL; i++) {
      const idempotencyKey = `kill-${run}-${place.user}-${laneNo}-${i}`;
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
  const killedExit = victim.child.signalCode;
  // The killed process back on its port, on the same database and Redis, while the others run.
  const restarted = await c.restart(2);
  return { ops, killedExit, restarted };
}

export const accepted = (o: Op): string | null => {
  const d = o.answer && 'data' in o.answer ? o.answer.data : undefined;
  if (!d) return null;
  return o.kind === 'grant' ? (d.status === 'refused' ? null : d.grant.id) : d.id;
};
