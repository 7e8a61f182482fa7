import type { z } from 'zod';
import type { Response } from '../../../shared/events';
import { can, type Permission } from '../../../shared/permissions';
import { parse } from '../../../shared/validate';
import { makeWellFormed } from '../../../shared/well-formed-text';
import { UserError } from '../errors';
import { DbFault, dbRefusal, reportDbFault } from '../db/errors';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { SocketData } from '../plugins/external/socket-io';
import { takeEventToken } from './event-limit';
import { startEventTimer, type EventOutcome } from './event-metrics';
import { tracked } from '../lifecycle/socket-work';

type AnySocket = Socket<never, never, never, SocketData>;

/** Every client→server event with its schema and permission, filled as handlers register: the access and fuzz tests enumerate it. */
export const socketEventRules = new Map<string, { schema: z.ZodType; permission: Permission }>();

/**
 * Every client→server event goes through here: validate → authorise → run → ack.
 * A handler returns its data or throws a UserError; the client always gets an answer.
 */
export function handle<S extends z.ZodType, T>(
  socket: AnySocket,
  log: FastifyBaseLogger,
  event: string,
  opts: { schema: S; permission: Permission },
  run: (payload: z.infer<S>) => Promise<T>,
) {
  socketEventRules.set(event, opts);
  // tracked: a graceful shutdown waits for running handlers and starts no new ones.
  (socket as unknown as Socket).on(
    event,
    tracked(socket, async (...args: unknown[]) => {
      // socket.io passes the ack last: a client that sends no payload, or extra arguments, is still answered.
      const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
      const [payload, ...extra] = args;
      const done = startEventTimer(socket, event);
      const reply = (res: Response<T>, outcome: EventOutcome = 'data' in res ? 'ok' : 'retry' in res ? 'error' : 'refused') => (
        done(outcome), typeof ack === 'function' && ack(res)
      );
      const limited = takeEventToken(socket);
      if (limited) return reply({ error: limited });
      if (extra.length) return reply({ error: `Invalid ${event}: send one payload and an acknowledgement, not ${args.length} arguments` });
      // A lone surrogate becomes U+FFFD, as over REST (shared/well-formed-text.ts says why).
      const parsed = parse(opts.schema, makeWellFormed(payload));
      if (!parsed.ok) return reply({ error: `Invalid ${event}: ${parsed.message}`, issues: parsed.issues });
      if (!can(socket.data.principal.role, opts.permission)) {
        return reply({ error: `Your role (${socket.data.principal.role}) may not ${opts.permission.replace(':', ' ')}` });
      }
      try {
        reply({ data: await run(parsed.value) });
      } catch (caught) {
        const error = reportDbFault(caught, log) ?? dbRefusal(caught) ?? caught; // disk full / read-only: a 503-like answer the client may resend
        // A limit (429) says so, as over REST: the client waits instead of taking it for a refusal.
        if (error instanceof UserError)
          return reply({
            error: error.message,
            ...(error instanceof DbFault && { retry: true as const }),
            ...(error.statusCode === 429 && { status: 429 as const }),
          });
        log.error({ err: error, event }, 'socket handler failed');
        reply({ error: 'Something went wrong on the server; try again' }, 'error');
      }
    }),
  );
}
