import type { FastifyInstance } from 'fastify';
import { forbidden } from '../errors';
import { boardFor, decideException, requestException, withdrawException } from '../services/exceptions';
import type { Handler } from './handle';
import { dutyRoom, userRoom } from './rooms';
import type { LeewaySocket } from './types';

/** exception:request: an agent asks a supervisor for more than their leeway. */
export const requestExceptionHandler: Handler<'exception:request'> = (body, { app, who }) => requestException(app, who, body);

export const withdrawExceptionHandler: Handler<'exception:withdraw'> = ({ exceptionId }, { app, who }) =>
  withdrawException(app, who, exceptionId);

export const decideExceptionHandler: Handler<'exception:decide'> = (body, { app, who }) => decideException(app, who, body);

/** exception:pending: everything waiting for this supervisor now. */
export const pendingExceptions: Handler<'exception:pending'> = async (_, { app, who }) => {
  const sup = (await app.repos.exceptions.supervisor(who.tenantId, who.userId))!;
  return app.repos.exceptions.pendingFor(sup);
};

/** exception:board: today's decisions and how fast they came, the asker's duty, what was decided lately. */
export const exceptionBoard: Handler<'exception:board'> = (_, { app, who }) => boardFor(app, who);

/** duty:set: a supervisor goes on or off duty, on every connection of theirs. */
export const setDuty: Handler<'duty:set'> = async ({ onDuty }, { app, who }) => {
  const state = await app.repos.exceptions.duty(who.tenantId, who.userId);
  if (!state?.level) throw forbidden('You have no approval level: an admin must give you one before you go on duty');
  await app.repos.exceptions.setDuty(who.tenantId, who.userId, onDuty);
  // Every connection of this supervisor follows the choice, on every process: a broadcast
  // operation, which (unlike fetchSockets) does not wait for a process that just died.
  const mine = app.io.in(userRoom(who.tenantId, who.userId));
  if (onDuty) mine.socketsJoin(dutyRoom(who.tenantId, state.level, state.team));
  else mine.socketsLeave(dutyRoom(who.tenantId, state.level, state.team));
  return { ...state, onDuty };
};

/** The rooms this user belongs in: their own, and their duty room when on duty. Joined after the handlers listen, so no early event is dropped. */
export async function joinExceptionRooms(app: FastifyInstance, socket: LeewaySocket): Promise<void> {
  const who = socket.data.principal;
  await socket.join(userRoom(who.tenantId, who.userId));
  const duty = who.role === 'supervisor' ? await app.repos.exceptions.duty(who.tenantId, who.userId) : null;
  if (duty?.onDuty && duty.level) await socket.join(dutyRoom(who.tenantId, duty.level, duty.team));
}
