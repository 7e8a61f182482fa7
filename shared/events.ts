/**
 * The socket.io contract, imported by the server and the extension alike.
 * Events are named `domain:verb`; every client→server event answers through an ack
 * with `Response<T>`, so a caller always learns whether it worked and why not.
 */
import type { CustomerEvent } from './schemas/customer-events';
import type { InteractionClose, InteractionOpen, InteractionOpened } from './schemas/context';
import type { GrantBody, GrantOutcome } from './schemas/grants';
import type { DraftBody, LogReceipt, ResolutionBody, ResolutionDraft } from './schemas/resolutions';
import type { Signals } from './schemas/signals';
import type { ClientStats } from './schemas/client-stats';
import type { Board, DutyState, ExceptionDecideBody, ExceptionRequestBody, ExceptionView } from './schemas/exceptions';

export interface SocketError {
  error: string;
  /** field → reason, when the payload failed validation */
  issues?: { path: string; message: string }[];
  /** The server could not save it now (disk full, read-only…): nothing was stored; send the same payload again later. */
  retry?: true;
  /** 429: a limit was reached (reveals an hour…); the sentence says when to try again. */
  status?: 429;
}
export type Response<T> = SocketError | { data: T };

export interface ServerToClientEvents {
  'customer:event': (payload: { customerId: string; event: CustomerEvent }) => void;
  /** Customer-wide signals recomputed after something new (ticket-specific parts stay as they were). */
  'customer:signals': (payload: { customerId: string; signals: Signals }) => void;
  /** To on-duty supervisors of the request's level (its team and the level's pool). */
  'exception:raised': (exception: ExceptionView) => void;
  /** To the agent and to every supervisor who was told: decided, withdrawn, moved up. */
  'exception:updated': (exception: ExceptionView) => void;
}

export interface ClientToServerEvents {
  'interaction:open': (payload: InteractionOpen, ack: (res: Response<InteractionOpened>) => void) => void;
  'interaction:close': (payload: InteractionClose, ack: (res: Response<{ closed: true }>) => void) => void;
  /** The customer's latest messages as the page shows them: scored on the server, signals back. */
  'interaction:messages': (
    payload: { interactionId: string; messages: { text: string; at?: string }[] },
    ack: (res: Response<Signals>) => void,
  ) => void;
  /** A masked field in full, for this customer; every reveal is audit-logged. */
  'customer:reveal': (
    payload: { customerId: string; field: 'email' | 'phone' },
    ack: (res: Response<{ value: string | null }>) => void,
  ) => void;
  /** A refusal is an answer, not an error: `status: 'refused'` with the decision. */
  'grant:record': (payload: GrantBody, ack: (res: Response<GrantOutcome>) => void) => void;
  'exception:request': (payload: ExceptionRequestBody, ack: (res: Response<ExceptionView>) => void) => void;
  'exception:withdraw': (payload: { exceptionId: string }, ack: (res: Response<ExceptionView>) => void) => void;
  'exception:decide': (payload: ExceptionDecideBody, ack: (res: Response<ExceptionView>) => void) => void;
  /** Everything waiting for this supervisor now: asked on every (re)connect. */
  'exception:pending': (payload: Record<string, never>, ack: (res: Response<ExceptionView[]>) => void) => void;
  'duty:set': (payload: { onDuty: boolean }, ack: (res: Response<DutyState>) => void) => void;
  'exception:board': (payload: Record<string, never>, ack: (res: Response<Board>) => void) => void;
  'resolution:draft': (payload: DraftBody, ack: (res: Response<ResolutionDraft>) => void) => void;
  /** Sent by the extension's outbox until acknowledged: stored once per idempotency key. */
  'resolution:submit': (payload: ResolutionBody, ack: (res: Response<LogReceipt>) => void) => void;
  /** The extension's own state for the metrics: sent when its outbox changes and every 30 s while it holds records. */
  'client:stats': (payload: ClientStats, ack: (res: Response<ClientStats>) => void) => void;
}

/** Every client→server event by name, checked against the interface above: tests enumerate it. */
export const CLIENT_EVENTS = [
  'interaction:open',
  'interaction:close',
  'interaction:messages',
  'customer:reveal',
  'grant:record',
  'exception:request',
  'exception:withdraw',
  'exception:decide',
  'exception:pending',
  'duty:set',
  'exception:board',
  'resolution:draft',
  'resolution:submit',
  'client:stats',
] as const satisfies readonly (keyof ClientToServerEvents)[];
// Compile error here means an event was added to ClientToServerEvents but not to CLIENT_EVENTS.
const _allListed: Exclude<keyof ClientToServerEvents, (typeof CLIENT_EVENTS)[number]> extends never ? true : never = true;
void _allListed;

/** Ends a refused handshake the client should simply try again shortly (a server-side fault, not the token). */
export const HANDSHAKE_RETRY = 'retrying shortly';

export const isError = <T>(res: Response<T>): res is SocketError => 'error' in res;
