/**
 * SIGTERM on the real server process, mid-burst: it drains and exits 0; every write that was
 * acknowledged is in the database; every other write got an answer or a connection error,
 * never silence, and resending it with the same idempotency key after the restart stores it once.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ClientSocket,
  connect,
  exited,
  otherSessions,
  resolution,
  rowsByKey,
  signIn,
  useServers,
  verifyLog,
} from '../support/shutdown';

const start = useServers();

describe('graceful shutdown', () => {
  it('SIGTERM mid-burst: exits 0; acknowledged writes are stored once; the rest were answered or cut, and a resend stores them once', {
    timeout: 120_000,
  }, async () => {
    const server = await start();
    const emails = ['agent@acme.test', 'senior@acme.test', 'lead@acme.test'];
    const tokens = await Promise.all(emails.map((e) => signIn(server.url, e)));
    const sockets = await Promise.all(tokens.map((t) => connect(server.url, t)));

    // Every write and how it ended. `body` is kept so it can be sent again, unchanged.
    interface Write {
      body: ReturnType<typeof resolution>;
      via: 'socket' | 'rest';
      /** Who sent it: a key is its author's, so a resend comes from the same person. */
      author: string;
      outcome?: 'acked' | 'retry' | 'refused' | 'cut';
      detail?: string;
    }
    const writes = new Map<string, Write>();
    let n = 0;
    let signalled = false;
    const sentAfterSignal = new Set<string>();
    const next = (via: Write['via'], author: string) => {
      const key = randomUUID();
      const w: Write = { body: resolution(key, n++), via, author };
      writes.set(key, w);
      if (signalled) sentAfterSignal.add(key);
      return w;
    };

    // Three sockets, each with two writes outstanding at a time, until its connection is cut.
    const socketLoop = async (s: ClientSocket, author: string) => {
      while (s.connected) {
        const w = next('socket', author);
        try {
          const res = await s.emitWithAck('resolution:submit', w.body);
          if ('data' in res) w.outcome = 'acked';
          else if (res.retry) w.outcome = 'retry';
          else [w.outcome, w.detail] = ['refused', res.error];
        } catch (e) {
          [w.outcome, w.detail] = ['cut', (e as Error).message];
        }
      }
    };
    // One REST client beside them, until the server stops answering.
    const restLoop = async () => {
      for (;;) {
        const w = next('rest', emails[0]!);
        try {
          const res = await fetch(`${server.url}/v1/resolutions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
            body: JSON.stringify(w.body),
          });
          if (res.ok) w.outcome = 'acked';
          else [w.outcome, w.detail] = [res.status === 503 ? 'retry' : 'refused', `${res.status} ${await res.text()}`];
        } catch (e) {
          [w.outcome, w.detail] = ['cut', (e as Error).message];
        }
        if (w.outcome !== 'acked') return;
      }
    };
    const loops = [...sockets.flatMap((s, i) => [socketLoop(s, emails[i]!), socketLoop(s, emails[i]!)]), restLoop()];

    // Let the burst get going, then ask the server to stop while writes are in flight.
    await expect
      .poll(() => [...writes.values()].filter((w) => w.outcome === 'acked').length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(60);
    const exit = exited(server);
    signalled = true;
    server.child.kill('SIGTERM');
    await Promise.all(loops);
    expect(await exit).toBe(0);
    expect(server.output()).not.toContain('did not finish within');

    // Nothing was refused for what it was; nothing went unanswered.
    const all = [...writes.values()];
    expect(all.filter((w) => w.outcome === 'refused').map((w) => w.detail)).toEqual([]);
    expect(all.filter((w) => w.outcome === 'cut' && !/disconnected|fetch failed/.test(w.detail ?? '')).map((w) => w.detail)).toEqual([]);
    expect(all.every((w) => w.outcome)).toBe(true);
    // The burst really was cut mid-way: writes were sent after the signal, and some were answered or cut by the drain.
    expect(sentAfterSignal.size).toBeGreaterThan(0);

    // Every acknowledged write is in the database, once.
    const stored = await rowsByKey(server.target);
    const acked = all.filter((w) => w.outcome === 'acked');
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((w) => stored.get(w.body.idempotencyKey) !== 1).map((w) => w.body.idempotencyKey)).toEqual([]);
    if (server.target.kind === 'sqlite') {
      // The WAL was folded into the file: the file alone is complete.
      const wal = `${server.target.file}-wal`;
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    } else {
      // The server let go of its connections: no session of it is left on the database.
      const target = server.target;
      await expect.poll(() => otherSessions(target), { timeout: 5_000 }).toBe(0);
    }

    // Restart on the same database; resend everything not acknowledged (and a few that were) with the same keys.
    const again = await start({ dbEnv: server.dbEnv });
    const resenders = new Map(
      await Promise.all(emails.map(async (e) => [e, await connect(again.url, await signIn(again.url, e))] as const)),
    );
    const unacked = all.filter((w) => w.outcome !== 'acked');
    for (const w of [...unacked, ...acked.slice(0, 3)]) {
      const res = await resenders.get(w.author)!.emitWithAck('resolution:submit', w.body);
      if (!('data' in res)) throw new Error(`resend of ${w.body.idempotencyKey} refused: ${res.error}`);
      if (w.outcome === 'acked') expect(res.data.status).toBe('duplicate');
    }
    for (const r of resenders.values()) r.disconnect();

    const after = await rowsByKey(again.target);
    expect(all.filter((w) => after.get(w.body.idempotencyKey) !== 1).map((w) => w.body.idempotencyKey)).toEqual([]);
    await again.stop('SIGTERM');
    expect(again.child.exitCode).toBe(0);
    // The hash chain survived the cut: nothing half-written.
    const verify = await verifyLog(again);
    expect(verify.stdout).toMatch(/✓ acme: \d+ entries verify/);
  });
});
