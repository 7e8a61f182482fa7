/**
 * The resolution outbox: every record is stored locally first, then sent until the server
 * acknowledges it. The idempotency key inside each record makes resending harmless, so a
 * server restart, a lost reply or a dropped network neither loses nor duplicates it.
 */
import type { LogReceipt, ResolutionBody } from '../../shared/schemas/resolutions';
import { outboxItem, type OutboxEntry } from '../lib/storage';
import type { LeewaySocket } from './socket';

const SEND_TIMEOUT_MS = 8000;
const RETRY_MS = 5000;

export interface OutboxEvents {
  changed(entries: OutboxEntry[]): void;
  logged(body: ResolutionBody, receipt: LogReceipt): void;
}

export function createOutbox(getSocket: () => LeewaySocket | null, on: OutboxEvents) {
  // Storage updates are read-modify-write: run them one after another.
  let queue = Promise.resolve();
  const update = (fn: (entries: OutboxEntry[]) => OutboxEntry[]) =>
    (queue = queue.then(async () => {
      const next = fn(await outboxItem.getValue());
      await outboxItem.setValue(next);
      on.changed(next);
    }));
  let flushing = false;

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const entry of await outboxItem.getValue()) {
        const socket = getSocket();
        if (!socket?.connected) return;
        if (entry.error) continue;
        const key = entry.body.idempotencyKey;
        let res;
        try {
          res = await socket.timeout(SEND_TIMEOUT_MS).emitWithAck('resolution:submit', entry.body);
        } catch {
          // No answer: the server may or may not have it. Keep it; the resend is deduplicated.
          await update((all) => all.map((e) => (e.body.idempotencyKey === key ? { ...e, attempts: e.attempts + 1 } : e)));
          return;
        }
        if ('error' in res) {
          await update((all) => all.map((e) => (e.body.idempotencyKey === key ? { ...e, attempts: e.attempts + 1, error: res.error } : e)));
          continue;
        }
        await update((all) => all.filter((e) => e.body.idempotencyKey !== key));
        on.logged(entry.body, res.data);
      }
    } finally {
      flushing = false;
    }
  }

  setInterval(() => void flush(), RETRY_MS);

  return {
    async add(body: ResolutionBody) {
      await update((all) => (all.some((e) => e.body.idempotencyKey === body.idempotencyKey) ? all : [...all, { body, addedAt: new Date().toISOString(), attempts: 0 }]));
      void flush();
    },
    /** Drops a record the server refused, once the agent has seen why. */
    async discard(idempotencyKey: string) {
      await update((all) => all.filter((e) => e.body.idempotencyKey !== idempotencyKey));
    },
    flush,
    announce: async () => on.changed(await outboxItem.getValue()),
  };
}
