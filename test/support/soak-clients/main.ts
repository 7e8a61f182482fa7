/**
 * The soak's client side, a child process of soak-run.ts (IPC): signs in every agent and
 * supervisor of the plan, holds one websocket each (agents with a ticket open on their
 * customer, supervisors on duty), then for the load window starts signed webhooks, exception
 * requests and resolutions at steady rates. Supervisors decide what reaches them. Every
 * message is tallied, so the report can say what is missing, doubled or misdelivered.
 * One clock for sending and receiving: latencies need no offset.
 */
import type { SoakLoad, SoakReport, ToClients } from '../soak-types';
import { account } from './accounting';
import { allArrived, runStreams } from './operations';
import { setUp } from './set-up';
import {
  agents,
  arrivals,
  errors,
  exceptionIds,
  fail,
  messages,
  received,
  resolutionKeys,
  run,
  sent,
  stored,
  supervisors,
  tell,
  unaccounted,
} from './state';

async function runLoad(load: SoakLoad) {
  tell({ type: 'loading' });
  const seconds = await runStreams(load);
  const socketsConnected = [...agents.map((a) => a.socket), ...supervisors].filter((s) => s.connected).length;
  const until = performance.now() + load.drainSeconds * 1000;
  while (!allArrived() && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (run.pending > 0) fail(`${run.pending} operations still unanswered ${load.drainSeconds} s after the window`);
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
  run.stopping = true;
  for (const s of [...agents.map((a) => a?.socket), ...supervisors]) s?.disconnect();
  setTimeout(() => process.exit(0), 50);
}

process.on('message', (m: ToClients) => {
  if (m.type === 'plan') {
    run.plan = m.plan;
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
