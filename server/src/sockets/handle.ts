import type { z } from 'zod';
import type { Response } from '../../../shared/events';
import { can, type Permission } from '../../../shared/permissions';
import { parse } from '../../../shared/validate';
import { UserError } from '../errors';
import type { FastifyBaseLogger } from 'fastify';
import type { Socket } from 'socket.io';
import type { SocketData } from '../plugins/external/socket-io';

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
  (socket as unknown as Socket).on(event, async (payload: unknown, ack: unknown) => {
    const reply = (res: Response<T>) => typeof ack === 'function' && ack(res);
    const parsed = parse(opts.schema, payload);
    if (!parsed.ok) return reply({ error: `Invalid ${event}: ${parsed.message}`, issues: parsed.issues });
    if (!can(socket.data.principal.role, opts.permission)) {
      return reply({ error: `Your role (${socket.data.principal.role}) may not ${opts.permission.replace(':', ' ')}` });
    }
    try {
      reply({ data: await run(parsed.value) });
    } catch (error) {
      if (error instanceof UserError) return reply({ error: error.message });
      log.error({ err: error, event }, 'socket handler failed');
      reply({ error: 'Something went wrong on the server; try again' });
    }
  });
}
