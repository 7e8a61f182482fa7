/**
 * The socket listeners are built once per server and shared by every connection (index.ts,
 * handle.ts): a connection adds no function of its own, only its state in socket.data. Handlers
 * built per connection again (a closure per event, per socket) would cost every socket kilobytes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app';
import type { LeewaySocket } from './types';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

/** Every function listening on a server-side socket: to any event, and to each named one. */
const listenersOf = (s: LeewaySocket) => new Set([...s.listenersAny(), ...s.eventNames().flatMap((e) => s.listeners(e as 'disconnect'))]);

it('gives every connection the same listener functions, none built for it alone', async () => {
  const ids: string[] = [];
  for (const email of ['agent@acme.test', 'agent@acme.test', 'lead@acme.test']) {
    const { socket } = await t.socket(await t.token(email));
    // An answered event: the connection is set up and its events are handled.
    expect(await socket.emitWithAck('client:stats', { outboxDepth: 1 })).toEqual({ data: { outboxDepth: 1 } });
    ids.push(socket.id!);
  }
  const server = ids.map((id) => t.app.io.of('/').sockets.get(id)!);
  const [first, ...others] = server.map(listenersOf);
  expect(first!.size).toBeGreaterThan(0);
  for (const other of others) expect([...other]).toEqual([...first!]);
  // Across all three connections, no more distinct functions than one connection has.
  expect(new Set(server.flatMap((s) => [...listenersOf(s)])).size).toBe(first!.size);
});
