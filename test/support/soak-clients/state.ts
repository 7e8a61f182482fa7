/**
 * The soak client's shared state: the plan, the sockets it holds, and the tally of every message
 * sent and received, so the report can say what is missing, doubled or misdelivered.
 */
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events';
import type { FromClients, SoakPlan } from '../soak-types';

export type S = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Lines kept per list in the report; the counts are complete. */
const KEEP = 50;

export const tell = (m: FromClients) => process.send!(m);

/** What changes as the run goes: set once the plan arrives, counted while it runs. */
export const run = {
  plan: undefined as unknown as SoakPlan,
  stopping: false,
  /** customer index → the agents watching it */
  watchers: [] as number[][],
  /** Operations started and not yet answered. */
  pending: 0,
  signalsPerAgent: [] as number[],
};
export const agents: { socket: S; interactionId: string; ticketId: string }[] = [];
export const supervisors: S[] = [];

// --- the tally -------------------------------------------------------------------------
export const errors = { count: 0, lines: [] as string[] };
export const unaccounted = { count: 0, lines: [] as string[] };
export const note = (list: typeof errors, line: string) => {
  list.count++;
  if (list.lines.length < KEEP) list.lines.push(line);
};
export const fail = (line: string) => note(errors, line);
export const messages = { in: 0, out: 0 };
export const sent = { signals: 0, signalsStored: 0, signalsCounted: 0, exceptions: 0, decisions: 0, resolutions: 0, resends: 0 };
export const received = { events: 0, signals: 0, raised: 0, updated: 0 };

/** event id → {customer, sent at}; filled from the webhook's reply (the push may come first). */
/** Each stored event: whose, when sent, and whether the customer's signals count its type (only those push signals). */
export const stored = new Map<string, { customer: number; sentAt: number; counted: boolean }>();
/** event id → agent → times received, and every arrival for the latencies. */
export const deliveries = new Map<string, Map<number, number>>();
export const arrivals: [eventId: string, at: number][] = [];
export const expected = { events: 0, signals: 0, updates: 0 };

export interface ExceptionTally {
  agent?: number;
  lead?: number;
  /** supervisor → times raised to them */
  raised: Map<number, number>;
  decideAcks: number;
  decided?: string;
  agentUpdates: { agent: number; status: string }[];
  supervisorUpdates: number[];
}
export const exceptions = new Map<string, ExceptionTally>();
export const exceptionIds: string[] = [];
export const tallyOf = (id: string) => {
  let t = exceptions.get(id);
  if (!t) exceptions.set(id, (t = { raised: new Map(), decideAcks: 0, agentUpdates: [], supervisorUpdates: [] }));
  return t;
};
export const resolutionKeys: string[] = [];
