/**
 * What a connection keeps (types.ts SocketData): its principal and the interactions open on it,
 * nothing more. A panel open all day passes through hundreds of tickets on one connection, and a
 * server holds thousands of connections (bench/soak.ts), so a closed interaction leaves nothing
 * behind and the sign-in's token, checked once at the handshake, is not kept.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app';
import { open, openKnown, opened } from '../../../test/support/helpdesk-instances';
import type { LeewaySocket } from './types';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const serverSide = (id: string) => t.app.io.of('/').sockets.get(id) as LeewaySocket;

it('keeps an interaction only while it is open, known customer or not', async () => {
  const { socket } = await t.socket(await t.token('agent@acme.test'));
  const held = () => [...serverSide(socket.id!).data.interactions.keys()];
  const known = await openKnown(socket, '101', 'dana.whitfield@example.com');
  const unknown = opened(await open(socket, 'acme.zendesk.com', '102', { email: 'nobody.here@example.com' }));
  expect(unknown.status).toBe('unknown');
  expect(held().sort()).toEqual([known, unknown.interactionId].sort());
  expect(serverSide(socket.id!).data.interactions.get(known)).toEqual({
    customerId: t.seeded.acme.customers['dana.whitfield@example.com'],
    ticketRef: 'zendesk@acme.zendesk.com:101',
  });
  for (const id of [known, unknown.interactionId])
    expect(await socket.emitWithAck('interaction:close', { interactionId: id })).toEqual({ data: { closed: true } });
  expect(held()).toEqual([]);
  // Nothing else on the connection's data grows with the tickets it saw.
  expect(Object.keys(serverSide(socket.id!).data).sort()).toEqual(['interactions', 'principal']);
});

it('does not keep the sign-in token after the handshake', async () => {
  const token = await t.token('agent@acme.test');
  const { socket } = await t.socket(token);
  const server = serverSide(socket.id!);
  expect(server.data.principal.userId).toBeTruthy();
  expect(JSON.stringify(server.handshake)).not.toContain(token);
});
