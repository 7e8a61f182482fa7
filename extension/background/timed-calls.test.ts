/**
 * socket.io's `timeout(ms)` is a flag on the socket for its next emit, whoever makes it. A panel call
 * that returns without sending (no interaction yet, not this ticket's customer) must not leave it
 * there: the next plain emit's ack would be handed an error argument first, and its answer read as
 * null (every opening of a busy tab then failed as "did not answer in time"). Real socket.io, both ends.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPanelCalls } from './panel-calls';
import type { LeewaySocket } from './socket';
import type { TabSession } from './tab-session';

let server: Server;
let client: LeewaySocket;

beforeAll(async () => {
  const http = createServer();
  server = new Server(http);
  server.on('connection', (s) =>
    s.on('interaction:open', (_payload: unknown, ack: (res: unknown) => void) => ack({ data: { interactionId: 'i1' } })),
  );
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] }) as unknown as LeewaySocket;
  await new Promise((r) => client.once('connect', () => r(undefined)));
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe('a panel call that sends nothing', () => {
  it('leaves no timeout on the socket for the next emit', async () => {
    const { handlers } = createPanelCalls(() => client, { add: async () => {} });
    // The ticket shows no customer yet: answered here, nothing sent.
    const session = {
      readerView: { seq: 1, ticket: { key: 'zendesk:101', id: '101' } },
      open: { key: 'zendesk:101', interactionId: null, customerId: null },
    } as unknown as TabSession;
    expect(await handlers['offer:recommend']({ key: 'zendesk:101' } as never, session)).toMatchObject({ error: expect.any(String) });
    expect(
      await handlers['customer:reveal']({ key: 'zendesk:101', body: { customerId: 'c', field: 'email' } } as never, session),
    ).toBeUndefined();
    const args = await new Promise<unknown[]>((r) => client.emit('interaction:open', {} as never, (...a: unknown[]) => r(a)));
    expect(args).toEqual([{ data: { interactionId: 'i1' } }]);
  });
});
