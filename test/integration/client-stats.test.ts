/** client:stats: every role's extension reports its outbox depth; the server keeps it on the connection. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const depthOnServer = async (socketId: string) => (await t.app.io.fetchSockets()).find((s) => s.id === socketId)?.data.outboxDepth;

describe('client:stats', () => {
  it('stores the reported outbox depth on the connection, for every role', async () => {
    for (const email of ['agent@acme.test', 'lead@acme.test', 'auditor@acme.test', 'admin@acme.test']) {
      const { socket } = await t.socket(await t.token(email));
      expect(await depthOnServer(socket.id!)).toBeUndefined();
      expect(await socket.emitWithAck('client:stats', { outboxDepth: 3 })).toEqual({ data: { outboxDepth: 3 } });
      expect(await depthOnServer(socket.id!)).toBe(3);
      expect(await socket.emitWithAck('client:stats', { outboxDepth: 0 })).toEqual({ data: { outboxDepth: 0 } });
      expect(await depthOnServer(socket.id!)).toBe(0);
    }
  });

  it('refuses an invalid report, says what is wrong, and keeps the last good depth', async () => {
    const { socket } = await t.socket(await t.token('agent@acme.test'));
    await socket.emitWithAck('client:stats', { outboxDepth: 2 });
    const cases: [unknown, string][] = [
      [{ outboxDepth: -1 }, 'Invalid client:stats: outboxDepth: must not be negative'],
      [{ outboxDepth: 1.5 }, 'Invalid client:stats: outboxDepth: must be a whole number of records'],
      [{ outboxDepth: 'many' }, 'Invalid client:stats: outboxDepth: must be a number of records'],
      [{}, 'Invalid client:stats: outboxDepth: must be a number of records'],
      [{ outboxDepth: 1, battery: 9 }, 'Invalid client:stats: (payload): Unrecognized key: "battery"'],
    ];
    for (const [payload, error] of cases) {
      expect(await socket.emitWithAck('client:stats', payload as never)).toMatchObject({ error });
    }
    expect(await depthOnServer(socket.id!)).toBe(2);
  });
});
