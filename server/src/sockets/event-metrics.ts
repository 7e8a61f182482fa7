/**
 * Times each client→server event for the metrics plugin: handle() starts a timer and ends
 * it with the outcome. Recorders are registered per socket.io server (tests run several
 * apps in one process); without one, timing costs nothing.
 */
export type EventOutcome = 'ok' | 'refused' | 'error';
type Record = (event: string, outcome: EventOutcome, seconds: number) => void;
type HasServer = { nsp: { server: object } };

const recorders = new WeakMap<object, Record>();

export function recordSocketEvents(io: object, record: Record): void {
  recorders.set(io, record);
}

/** Starts timing `event`; call the result once with how it ended. */
export function startEventTimer(socket: HasServer, event: string): (outcome: EventOutcome) => void {
  const record = recorders.get(socket.nsp.server);
  if (!record) return () => {};
  const t0 = performance.now();
  return (outcome) => record(event, outcome, (performance.now() - t0) / 1000);
}
