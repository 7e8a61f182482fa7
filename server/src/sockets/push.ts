/**
 * Every message the server pushes to clients unasked, in one place: which room hears what.
 * Payloads are typed by the contract (ServerToClientEvents in shared/events.ts); rooms come from rooms.ts.
 * Replies to a client's own request travel by its ack, not through here.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerToClientEvents } from '@shared/events';
import { customerRoom, dutyRoom, userRoom } from './rooms';

type Io = Pick<FastifyInstance, 'io'>;
type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The on-duty supervisors of `level` who may see a request of `team`: the team's own and the level's pool. */
export const levelRooms = (tenantId: string, team: string, level: string) => [
  dutyRoom(tenantId, level, team),
  dutyRoom(tenantId, level, '*'),
];

/** A stored customer event, to every agent viewing the customer. */
export function pushCustomerEvent(app: Io, tenantId: string, payload: Payload<'customer:event'>): void {
  app.io.to(customerRoom(tenantId, payload.customerId)).emit('customer:event', payload);
}

/** Customer-wide signals recomputed, to every agent viewing the customer. */
export function pushSignals(app: Io, tenantId: string, payload: Payload<'customer:signals'>): void {
  app.io.to(customerRoom(tenantId, payload.customerId)).emit('customer:signals', payload);
}

/** A request now waiting at `level`, to the supervisors on duty there. */
export function pushExceptionRaised(app: Io, tenantId: string, level: string, exception: Payload<'exception:raised'>): void {
  app.io.to(levelRooms(tenantId, exception.team, level)).emit('exception:raised', exception);
}

/** A request's new state, to its agent and to the supervisors on duty at each of `levels` (those who were told). */
export function pushExceptionUpdated(
  app: Io,
  tenantId: string,
  agentId: string,
  levels: string[],
  exception: Payload<'exception:updated'>,
): void {
  app.io
    .to([userRoom(tenantId, agentId), ...levels.flatMap((l) => levelRooms(tenantId, exception.team, l))])
    .emit('exception:updated', exception);
}
