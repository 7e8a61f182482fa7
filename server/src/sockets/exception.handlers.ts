import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DutyBody, ExceptionDecideBody, ExceptionRef, ExceptionRequestBody } from '../../../shared/schemas/exceptions';
import { forbidden } from '../errors';
import type { LeewayServer } from '../plugins/external/socket-io';
import { decideException, requestException, withdrawException } from '../services/exceptions';
import { handle } from './handle';
import { dutyRoom, userRoom } from './rooms';

type LeewaySocket = Parameters<Parameters<LeewayServer['on']>[1]>[0];

/** Built once, not per connection: a schema per socket costs memory at thousands of agents. */
const NoPayload = z.object({}).strict();

/** Exception requests (agents), decisions and duty (supervisors). */
export async function registerExceptionHandlers(app: FastifyInstance, socket: LeewaySocket) {
  const who = socket.data.principal;
  handle(socket as never, app.log, 'exception:request', { schema: ExceptionRequestBody, permission: 'exception:request' }, (body) =>
    requestException(app, who, body),
  );
  handle(socket as never, app.log, 'exception:withdraw', { schema: ExceptionRef, permission: 'exception:request' }, ({ exceptionId }) =>
    withdrawException(app, who, exceptionId),
  );
  handle(socket as never, app.log, 'exception:decide', { schema: ExceptionDecideBody, permission: 'exception:decide' }, (body) =>
    decideException(app, who, body),
  );
  handle(socket as never, app.log, 'exception:pending', { schema: NoPayload, permission: 'exception:decide' }, async () => {
    const sup = (await app.repos.exceptions.supervisor(who.tenantId, who.userId))!;
    return app.repos.exceptions.pendingFor(sup);
  });
  handle(socket as never, app.log, 'exception:board', { schema: NoPayload, permission: 'exception:decide' }, async () => {
    const DAY = 86_400_000;
    const decided = await app.repos.exceptions.decidedToday(who.tenantId, Date.now() - (Date.now() % DAY));
    const latencies = decided.map((d) => (d.decidedAt! - d.createdAt) / 1000).sort((a, b) => a - b);
    return {
      decidedToday: decided.length,
      approvedToday: decided.filter((d) => d.status !== 'denied').length,
      medianLatencySeconds: latencies.length ? latencies[Math.floor(latencies.length / 2)]! : null,
    };
  });
  handle(socket as never, app.log, 'duty:set', { schema: DutyBody, permission: 'exception:decide' }, async ({ onDuty }) => {
    const state = await app.repos.exceptions.duty(who.tenantId, who.userId);
    if (!state?.level) throw forbidden('You have no approval level: an admin must give you one before you go on duty');
    await app.repos.exceptions.setDuty(who.tenantId, who.userId, onDuty);
    // Every connection of this supervisor follows the choice, on every process: a broadcast
    // operation, which (unlike fetchSockets) does not wait for a process that just died.
    const mine = app.io.in(userRoom(who.tenantId, who.userId));
    if (onDuty) mine.socketsJoin(dutyRoom(who.tenantId, state.level, state.team));
    else mine.socketsLeave(dutyRoom(who.tenantId, state.level, state.team));
    return { ...state, onDuty };
  });

  // Handlers first, so no early event is dropped; then the rooms this user belongs in.
  await socket.join(userRoom(who.tenantId, who.userId));

  const duty = who.role === 'supervisor' ? await app.repos.exceptions.duty(who.tenantId, who.userId) : null;
  if (duty?.onDuty && duty.level) await socket.join(dutyRoom(who.tenantId, duty.level, duty.team));
}
