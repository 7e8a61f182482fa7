import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  CLIENT_EVENT_TABLE,
  CLIENT_EVENTS,
  type ClientEvent,
  type ClientEventRule,
  type ParsedPayloadOf,
  type ReplyOf,
  type Response,
} from '@shared/events';
import { can, type Permission } from '@shared/permissions';
import { parse } from '@shared/validate';
import { makeWellFormed } from '@shared/well-formed-text';
import { DbFault, dbRefusal, reportDbFault } from '../db/errors';
import { RetryableError, UserError } from '../errors';
import { tracked } from '../lifecycle/socket-work';
import type { Principal } from '../plugins/app/auth';
import { takeEventToken } from './event-limit';
import { type EventOutcome, startEventTimer } from './event-metrics';
import type { LeewaySocket } from './types';
import { answerUnknownEvent } from './unknown-events';

/** What every handler is given besides its payload: the app, the sender's connection and who they are. */
export interface HandlerContext {
  app: FastifyInstance;
  socket: LeewaySocket;
  who: Principal;
}
/** Runs `E` once its payload is valid and the sender may send it; returns the data or throws a UserError. */
export type Handler<E extends ClientEvent> = (payload: ParsedPayloadOf<E>, ctx: HandlerContext) => Promise<ReplyOf<E>>;
/** Exactly one handler per event of the contract (shared/events.ts). */
export type Handlers = { [E in ClientEvent]: Handler<E> };

/** The table seen per event, so the compiler follows that each event's schema parses to what its handler takes. */
const rules: { [E in ClientEvent]: { schema: z.ZodType<ParsedPayloadOf<E>>; permission: Permission } } = CLIENT_EVENT_TABLE;

/** Every client→server event with its schema and permission, filled as the server listens: the access and fuzz tests enumerate it. */
export const socketEventRules = new Map<ClientEvent, ClientEventRule>();

/** One event's listener, shared by every connection: given the socket the event came on, then socket.io's arguments. */
type SharedListener = (socket: LeewaySocket, ...args: unknown[]) => void;

/**
 * The server's one listener for client events, built once per server, not per connection:
 * a connection costs one array slot instead of a closure per event. Every event of the
 * contract goes to its handler; any other name is answered as unknown (unknown-events.ts).
 */
export function eventDispatcher(
  app: FastifyInstance,
  handlers: Handlers,
): (this: LeewaySocket, event: unknown, ...args: unknown[]) => void {
  const table = new Map<string, SharedListener>();
  const add = <E extends ClientEvent>(event: E) => table.set(event, on(app, event, handlers[event]));
  for (const event of CLIENT_EVENTS) add(event);
  return function dispatch(this: LeewaySocket, event: unknown, ...args: unknown[]) {
    const listener = typeof event === 'string' ? table.get(event) : undefined;
    if (listener) listener(this, ...args);
    else answerUnknownEvent(this, event, args);
  };
}

/**
 * Every client→server event goes through here: validate → authorise → run → ack.
 * A handler returns its data or throws a UserError; the client always gets an answer.
 */
function on<E extends ClientEvent>(app: FastifyInstance, event: E, run: Handler<E>): SharedListener {
  const { log } = app;
  const rule = rules[event];
  socketEventRules.set(event, CLIENT_EVENT_TABLE[event]);
  // tracked: a graceful shutdown waits for running handlers and starts no new ones. It finds the
  // count by the socket.io server, the same for every connection, so one wrapper serves them all.
  return tracked({ nsp: { server: app.io } }, async (socket: LeewaySocket, ...args: unknown[]) => {
    // socket.io passes the ack last: a client that sends no payload, or extra arguments, is still answered.
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    const [payload, ...extra] = args;
    const done = startEventTimer(socket, event);
    const reply = (res: Response<ReplyOf<E>>, outcome: EventOutcome = 'data' in res ? 'ok' : 'retry' in res ? 'error' : 'refused') => (
      done(outcome), typeof ack === 'function' && ack(res)
    );
    // Nothing was done, and the same event later is the fix: said as a limit, as over REST, and as retryable.
    const limited = takeEventToken(socket);
    if (limited) return reply({ error: limited, status: 429, retry: true }, 'refused');
    if (extra.length) return reply({ error: `Invalid ${event}: send one payload and an acknowledgement, not ${args.length} arguments` });
    // A lone surrogate becomes U+FFFD, as over REST (shared/well-formed-text.ts says why).
    const parsed = parse(rule.schema, makeWellFormed(payload));
    if (!parsed.ok) return reply({ error: `Invalid ${event}: ${parsed.message}`, issues: parsed.issues });
    if (!can(socket.data.principal.role, rule.permission)) {
      return reply({ error: `Your role (${socket.data.principal.role}) may not ${rule.permission.replace(':', ' ')}` });
    }
    try {
      reply({ data: await run(parsed.value, { app, socket, who: socket.data.principal }) });
    } catch (caught) {
      const error = reportDbFault(caught, log) ?? dbRefusal(caught) ?? caught; // disk full / read-only: a 503-like answer the client may resend
      // A limit (429) says so, as over REST: the client waits instead of taking it for a refusal.
      if (error instanceof UserError)
        return reply({
          error: error.message,
          ...(error instanceof DbFault && { retry: true as const }),
          ...(error.statusCode === 429 && { status: 429 as const }),
        });
      // Nothing kept, and the same event again is the fix (a platform that did not answer): said in words, marked retryable.
      if (error instanceof RetryableError) {
        log.warn({ err: error, event }, 'socket handler: retryable');
        return reply({ error: error.message, retry: true as const });
      }
      log.error({ err: error, event }, 'socket handler failed');
      // Not the payload's fault: a client that keeps what it sends (the outbox) sends it again, deduplicated by its key.
      reply({ error: 'Something went wrong on the server; try again', retry: true }, 'error');
    }
  });
}
