/**
 * The socket.io contract, imported by the server and the extension alike.
 *
 * Add a client→server event: one entry in CLIENT_EVENT_TABLE below (payload schema from
 * shared/schemas, permission from shared/permissions.ts, reply type), then one handler in
 * server/src/sockets/handlers.ts, which the compiler asks for. ClientToServerEvents,
 * CLIENT_EVENTS and the server's access rules follow from the entry; the access and fuzz tests
 * then ask for a sample payload.
 *
 * Events are named `domain:verb`; every client→server event answers through an ack
 * with `Response<T>`, so a caller always learns whether it worked and why not.
 */
import { z } from 'zod';
import type { Permission } from './permissions';
import { ClientStats } from './schemas/client-stats';
import type { InteractionOpened } from './schemas/context';
import { InteractionClose, InteractionMessages, InteractionOpen, RevealBody } from './schemas/context';
import type { CustomerEvent } from './schemas/customer-events';
import type { CustomerLinked, CustomerSearchHit } from './schemas/customer-link';
import { CustomerLinkBody, CustomerSearchBody } from './schemas/customer-link';
import type { Board, DutyState, ExceptionView } from './schemas/exceptions';
import { DutyBody, ExceptionDecideBody, ExceptionRef, ExceptionRequestBody } from './schemas/exceptions';
import type { GrantOutcome } from './schemas/grants';
import { GrantBody } from './schemas/grants';
import type { OfferOutcomeReply, PanelRecommendations } from './schemas/recommendations';
import { OfferOutcomeEvent, OfferRecommendBody } from './schemas/recommendations';
import type { LogReceipt, ResolutionDraft } from './schemas/resolutions';
import { DraftBody, ResolutionBody } from './schemas/resolutions';
import type { Signals } from './schemas/signals';

export { HANDSHAKE_RETRY, isError, type Response, type SocketError } from './socket-reply';
import type { Response } from './socket-reply';

declare const replyType: unique symbol;
/** A reply's type, carried in the table for the compiler only (replies are not validated at runtime). */
export interface Reply<T> {
  readonly [replyType]?: T;
}
const reply = <T>(): Reply<T> => ({});

/** Events that carry nothing: exactly `{}`. */
const NoPayload: z.ZodType<Record<string, never>, Record<string, never>> = z.object({}).strict();

/** One client→server event: what it carries, who may send it, what it answers. */
export interface ClientEventRule {
  /** The payload, validated before the handler runs. */
  schema: z.ZodType;
  /** Checked against the sender's role before the handler runs. */
  permission: Permission;
  reply: Reply<unknown>;
}

export const CLIENT_EVENT_TABLE = {
  'interaction:open': { schema: InteractionOpen, permission: 'interaction:open', reply: reply<InteractionOpened>() },
  'interaction:close': { schema: InteractionClose, permission: 'interaction:open', reply: reply<{ closed: true }>() },
  /** The customer's latest messages as the page shows them: scored on the server, signals back. */
  'interaction:messages': { schema: InteractionMessages, permission: 'interaction:open', reply: reply<Signals>() },
  /** A masked field in full, for this customer; every reveal is audit-logged. */
  'customer:reveal': { schema: RevealBody, permission: 'pii:reveal', reply: reply<{ value: string | null }>() },
  /** Customers of the tenant by part of a name, email or phone (at most 8, contacts masked): to link an unknown requester. */
  'customer:search': { schema: CustomerSearchBody, permission: 'interaction:open', reply: reply<CustomerSearchHit[]>() },
  /** The unknown requester of an open interaction is this customer: the page's identities are added to it, audited. */
  'customer:link': { schema: CustomerLinkBody, permission: 'interaction:open', reply: reply<CustomerLinked>() },
  /** A refusal is an answer, not an error: `status: 'refused'` with the decision. */
  'grant:record': { schema: GrantBody, permission: 'grant:record', reply: reply<GrantOutcome>() },
  /** Up to three offers for the interaction's customer, each judged for this agent now (issue 23). */
  'offer:recommend': { schema: OfferRecommendBody, permission: 'interaction:open', reply: reply<PanelRecommendations>() },
  /** The customer accepted or declined a recommended offer; the segment is the server's. */
  'offer:outcome': { schema: OfferOutcomeEvent, permission: 'grant:record', reply: reply<OfferOutcomeReply>() },
  'exception:request': { schema: ExceptionRequestBody, permission: 'exception:request', reply: reply<ExceptionView>() },
  'exception:withdraw': { schema: ExceptionRef, permission: 'exception:request', reply: reply<ExceptionView>() },
  'exception:decide': { schema: ExceptionDecideBody, permission: 'exception:decide', reply: reply<ExceptionView>() },
  /** Everything waiting for this supervisor now: asked on every (re)connect. */
  'exception:pending': { schema: NoPayload, permission: 'exception:decide', reply: reply<ExceptionView[]>() },
  'duty:set': { schema: DutyBody, permission: 'exception:decide', reply: reply<DutyState>() },
  'exception:board': { schema: NoPayload, permission: 'exception:decide', reply: reply<Board>() },
  'resolution:draft': { schema: DraftBody, permission: 'resolution:submit', reply: reply<ResolutionDraft>() },
  /** Sent by the extension's outbox until acknowledged: stored once per idempotency key. */
  'resolution:submit': { schema: ResolutionBody, permission: 'resolution:submit', reply: reply<LogReceipt>() },
  /** The extension's own state for the metrics: sent when its outbox changes and every 30 s while it holds records. */
  'client:stats': { schema: ClientStats, permission: 'client:stats', reply: reply<ClientStats>() },
} as const satisfies Record<string, ClientEventRule>;

type Table = typeof CLIENT_EVENT_TABLE;
export type ClientEvent = keyof Table;
/** What a client sends for `E` (the schema's input). */
export type PayloadOf<E extends ClientEvent> = z.input<Table[E]['schema']>;
/** What a handler of `E` receives: the payload once validated (the schema's output). */
export type ParsedPayloadOf<E extends ClientEvent> = z.output<Table[E]['schema']>;
export type ReplyOf<E extends ClientEvent> = Table[E]['reply'] extends Reply<infer R> ? R : never;

export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: PayloadOf<E>, ack: (res: Response<ReplyOf<E>>) => void) => void;
};

/** Every client→server event by name, in the table's order: the server registers and tests enumerate it. */
export const CLIENT_EVENTS = Object.keys(CLIENT_EVENT_TABLE) as readonly ClientEvent[];

export interface ServerToClientEvents {
  /**
   * A stored event. `signals`: the customer-wide signals with it in, when they travel with it (the
   * first change in a customer's push window); otherwise a `customer:signals` push follows.
   */
  'customer:event': (payload: { customerId: string; event: CustomerEvent; signals?: Signals }) => void;
  /** Customer-wide signals recomputed after something new (ticket-specific parts stay as they were). */
  'customer:signals': (payload: { customerId: string; signals: Signals }) => void;
  /** To the connection whose panel asked for suggestions in this interaction: computed afresh after its customer changed. */
  'offer:recommendations': (payload: PanelRecommendations) => void;
  /** To on-duty supervisors of the request's level (its team and the level's pool). */
  'exception:raised': (exception: ExceptionView) => void;
  /** To the agent and to every supervisor who was told: decided, withdrawn, moved up. */
  'exception:updated': (exception: ExceptionView) => void;
}
