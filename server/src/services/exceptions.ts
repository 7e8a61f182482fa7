/**
 * Exceptions in real time: route a request to the level that must decide, skipping levels
 * with nobody on duty; tell every party each step; move requests up when their SLA runs out.
 * Presence is socket.io room membership, so it holds across processes with a shared adapter.
 */
import type { FastifyInstance } from 'fastify';
import { levelName, nextLevel } from '@shared/policy/escalation';
import type { Board, ExceptionDecideBody, ExceptionRequestBody, ExceptionView } from '@shared/schemas/exceptions';
import type { PolicyDocument } from '@shared/schemas/policy';
import type { Principal } from '../plugins/app/auth';
import { UserError } from '../errors';
import { checkOwnInteraction } from './own-interaction';
import type { Supervisor } from '../repositories/exceptions';
import { levelRooms, pushExceptionRaised, pushExceptionUpdated } from '../sockets/push';

type Row = { id: string; tenantId: string; team: string; agentId: string; level: string };

/**
 * Asks every process. A process killed a moment ago is still counted until its heartbeat
 * times out, and the question then fails after a few seconds: the request stays at its level
 * (better than skipping a level that may be staffed), and the SLA sweep moves it up if nobody answers.
 */
async function someoneOnDuty(app: FastifyInstance, r: Row, level: string): Promise<boolean> {
  try {
    const sockets = await app.io.in(levelRooms(r.tenantId, r.team, level)).fetchSockets();
    return sockets.some((s) => s.data.principal?.userId !== r.agentId);
  } catch (err) {
    app.log.warn({ err: (err as Error).message, level }, 'could not ask every process who is on duty: assuming someone is');
    return true;
  }
}

/** From `level` up, the first level with somebody on duty (or the top, where it waits). */
async function staffedLevel(
  app: FastifyInstance,
  policy: PolicyDocument,
  r: Row,
  level: string,
): Promise<{ level: string; skipped: string[] }> {
  const skipped: string[] = [];
  for (let cur: string | null = level; cur; cur = nextLevel(policy, cur)) {
    if (await someoneOnDuty(app, r, cur)) return { level: cur, skipped };
    if (!nextLevel(policy, cur)) return { level: cur, skipped };
    skipped.push(cur);
  }
  return { level, skipped };
}

/** Moves `row` from `from` to the next staffed level above `to`'s start, telling both sides. */
async function moveUp(
  app: FastifyInstance,
  policy: PolicyDocument,
  row: Row,
  from: string,
  start: string,
  kind: 'escalated' | 'rerouted' | 'sent_up',
  why: string,
  by: string | null = null,
) {
  const target = await staffedLevel(app, policy, row, start);
  const skippedNote = target.skipped.length
    ? ` (nobody on duty at ${target.skipped.map((l) => levelName(policy, l).toLowerCase()).join(', ')})`
    : '';
  const sla = policy.levels.find((l) => l.id === target.level)!.slaSeconds;
  const moved = await app.repos.exceptions.move(
    row.tenantId,
    row.id,
    from,
    target.level,
    sla,
    kind,
    `${why}: sent to ${levelName(policy, target.level).toLowerCase()}${skippedNote}`,
    by,
  );
  if (!moved) return null; // decided, withdrawn or moved by someone else first
  const view = (await app.repos.exceptions.view(row.tenantId, row.id))!;
  pushExceptionUpdated(app, row.tenantId, row.agentId, [from], view);
  pushExceptionRaised(app, row.tenantId, target.level, view);
  return view;
}

export async function requestException(app: FastifyInstance, who: Principal, body: ExceptionRequestBody): Promise<ExceptionView> {
  await checkOwnInteraction(app, who, body.interactionId, body.customerId);
  const { row, policy, created } = await app.repos.exceptions.raise(who, body);
  if (created && !(await someoneOnDuty(app, row, row.level))) {
    const name = levelName(policy, row.level).toLowerCase();
    const moved = await moveUp(app, policy, row, row.level, nextLevel(policy, row.level) ?? row.level, 'rerouted', `No ${name} on duty`);
    if (moved || !nextLevel(policy, row.level)) return moved ?? (await app.repos.exceptions.view(who.tenantId, row.id))!;
  }
  const view = (await app.repos.exceptions.view(who.tenantId, row.id))!;
  if (created) pushExceptionRaised(app, row.tenantId, row.level, view);
  return view;
}

export async function decideException(app: FastifyInstance, who: Principal, body: ExceptionDecideBody): Promise<ExceptionView> {
  const sup = (await app.repos.exceptions.supervisor(who.tenantId, who.userId))!;
  if (body.decision === 'send_up') return sendUp(app, sup, body.exceptionId, body.note!); // the schema requires a note to send up
  const row = await app.repos.exceptions.decide(sup, body);
  const view = (await app.repos.exceptions.view(who.tenantId, row.id))!;
  pushExceptionUpdated(app, row.tenantId, row.agentId, [row.level], view);
  // An approval records the grant on the agent's behalf: their budgets and the customer's caps moved.
  // The team's panels are pushed whatever the policy says of team budgets: approvals are rare, and
  // reading the policy again here, after the commit, could answer a saved decision with an error.
  if (row.grantId) app.offersPush.spent(row.tenantId, row.customerId, { userId: row.agentId, team: row.team });
  return view;
}

/** A decider passes a request to the level above, with why: what they would offer is beyond them, or they want a second view. */
async function sendUp(app: FastifyInstance, sup: Supervisor, exceptionId: string, note: string): Promise<ExceptionView> {
  const row = await app.repos.exceptions.toSendUp(sup, exceptionId);
  const policy = await app.repos.exceptions.policyOf(row.tenantId, row.policyVersion);
  const up = nextLevel(policy, row.level);
  if (!up)
    throw new UserError(
      409,
      `Nobody is above a ${levelName(policy, row.level).toLowerCase()}: approve, counter within your authority, or deny`,
    );
  const moved = await moveUp(
    app,
    policy,
    row,
    row.level,
    up,
    'sent_up',
    `Sent up by a ${levelName(policy, row.level).toLowerCase()}: “${note}”`,
    sup.userId,
  );
  if (!moved) throw new UserError(409, 'Someone decided or moved this request first');
  return moved;
}

export async function withdrawException(app: FastifyInstance, who: Principal, exceptionId: string): Promise<ExceptionView> {
  const row = await app.repos.exceptions.withdraw(who, exceptionId);
  const view = (await app.repos.exceptions.view(who.tenantId, row.id))!;
  pushExceptionUpdated(app, row.tenantId, row.agentId, [row.level], view);
  return view;
}

const DAY = 86_400_000;

/** The side panel's board: today's decisions (from midnight UTC, as budgets count), the asker's duty, and what was decided lately. */
export async function boardFor(app: FastifyInstance, who: Principal): Promise<Board> {
  const now = Date.now();
  const decided = await app.repos.exceptions.decidedToday(who.tenantId, now - (now % DAY));
  const latencies = decided.map((d) => (d.decidedAt! - d.createdAt) / 1000).sort((a, b) => a - b);
  const sup = await app.repos.exceptions.supervisor(who.tenantId, who.userId);
  return {
    decidedToday: decided.length,
    approvedToday: decided.filter((d) => d.status === 'approved').length,
    counteredToday: decided.filter((d) => d.status === 'countered').length,
    medianLatencySeconds: latencies.length ? latencies[Math.floor(latencies.length / 2)]! : null,
    duty: await app.repos.exceptions.duty(who.tenantId, who.userId),
    // The last day's: long enough for a shift to look back on, short enough to stay about now.
    recentlyDecided: sup ? await app.repos.exceptions.recentlyDecided(sup, now - DAY) : [],
  };
}

/** One sweep: every request past its SLA moves up one level (or is marked overdue at the top). */
export async function escalateDue(app: FastifyInstance, now = Date.now()): Promise<void> {
  for (const row of await app.repos.exceptions.due(now)) {
    const policy = await app.repos.exceptions.policyOf(row.tenantId, row.policyVersion);
    const up = nextLevel(policy, row.level);
    if (up) {
      await moveUp(
        app,
        policy,
        row,
        row.level,
        up,
        'escalated',
        `No answer from ${levelName(policy, row.level).toLowerCase()} within ${row.slaSeconds} s`,
      );
    } else if (await app.repos.exceptions.markOverdue(row.tenantId, row.id, row.level, row.slaSeconds)) {
      const view = (await app.repos.exceptions.view(row.tenantId, row.id))!;
      pushExceptionUpdated(app, row.tenantId, row.agentId, [row.level], view);
    }
  }
}
