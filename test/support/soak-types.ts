/**
 * What the soak's orchestrator (soak-run.ts) and its client process (soak-clients/) say to
 * each other over the child's IPC channel.
 */

/** Who takes part: the orchestrator seeds them, the client process signs each one in. */
export interface SoakPlan {
  url: string;
  password: string;
  ingestKey: { id: string; secret: string };
  customers: { id: string; email: string }[];
  /** `customer` indexes `customers` (the ticket the agent has open); `lead` indexes `supervisors` (their team's lead). */
  agents: { email: string; customer: number; lead: number }[];
  supervisors: { email: string }[];
}

/** Operations started per second, each stream steady for the whole window. */
export interface SoakRates {
  signalsPerS: number;
  exceptionsPerS: number;
  resolutionsPerS: number;
}

export interface SoakLoad {
  seconds: number;
  rates: SoakRates;
  /** After the window, how long to wait for every expected message before calling the rest missing. */
  drainSeconds: number;
}

export interface SoakReport {
  /** The load window as it ran. */
  seconds: number;
  /** Sockets still connected when the window closed (agents + supervisors). */
  socketsConnected: number;
  /** Messages into the server (webhooks, socket events) and pushed out of it (received by the clients). */
  messagesIn: number;
  messagesOut: number;
  sent: {
    signals: number;
    signalsStored: number;
    signalsCounted: number;
    exceptions: number;
    decisions: number;
    resolutions: number;
    resends: number;
  };
  received: { events: number; signals: number; raised: number; updated: number };
  /** Failed requests, error acks, socket errors, unexpected disconnects: how many, and the first few in words. */
  errorCount: number;
  errors: string[];
  /** Messages missing, duplicated or delivered where they should not be: how many, and the first few in words. */
  unaccountedCount: number;
  unaccounted: string[];
  /** Webhook sent → agent socket received, one sample per delivery, ms. */
  signalLatencyMs: number[];
  /** Idempotency keys of the resolutions acknowledged as stored. */
  resolutionKeys: string[];
  /** Exception ids acknowledged to the agents. */
  exceptionIds: string[];
}

export type ToClients = { type: 'plan'; plan: SoakPlan } | { type: 'load'; load: SoakLoad } | { type: 'stop' };
export type FromClients =
  | { type: 'ready'; setupSeconds: number }
  | { type: 'loading' }
  | { type: 'report'; report: SoakReport }
  | { type: 'fatal'; message: string };
