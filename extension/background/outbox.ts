/**
 * The resolution outbox: every record is stored locally first, then sent until the server
 * acknowledges it. The idempotency key inside each record makes resending harmless, so a
 * server restart, a lost reply or a dropped network neither loses nor duplicates it.
 * Each record keeps its author and is sent only while they are signed in: the server logs a record
 * as the sender's, so another agent signing in on the same browser must not send it for them.
 */
import type { Response } from '@shared/events';
import type { LogReceipt, ResolutionBody } from '@shared/schemas/resolutions';
import { outboxItem, type OutboxAuthor, type OutboxEntry } from '../lib/storage';
import { CALL_TIMEOUT_MS, type LeewaySocket } from './socket';

const RETRY_MS = 5000;
/** While records wait, the server hears the depth at least this often (for its metrics). */
const STATS_EVERY_MS = 30_000;

export interface OutboxEvents {
  changed(entries: OutboxEntry[]): void;
  logged(body: ResolutionBody, receipt: LogReceipt): void;
}

/** A record its author's sign-in may send (one without an author predates them: whoever is signed in). */
function isMine(entry: OutboxEntry, me: OutboxAuthor | null): boolean {
  if (!me) return false;
  return !entry.author || (entry.author.userId === me.userId && entry.author.tenantId === me.tenantId);
}

/** What panels show of the outbox for the agent signed in: their records (and for which tickets they wait), and how many wait for whom else. */
export function outboxView(entries: OutboxEntry[], me: OutboxAuthor | null) {
  let waiting = 0;
  const refused: { ticketId: string; message: string }[] = [];
  const tickets: { helpdesk: string; instance?: string; ticketId: string }[] = [];
  const held = new Map<string, { author: string; count: number }>();
  for (const e of entries) {
    if (isMine(e, me)) {
      if (e.error) refused.push({ ticketId: e.body.ticketId, message: e.error });
      else {
        waiting++;
        tickets.push({ helpdesk: e.body.helpdesk, instance: e.body.instance, ticketId: e.body.ticketId });
      }
    } else if (e.author) {
      const key = `${e.author.tenantId}/${e.author.userId}`;
      held.set(key, { author: e.author.name, count: (held.get(key)?.count ?? 0) + 1 });
    }
  }
  return { waiting, refused, held: [...held.values()], tickets };
}

/**
 * `author`: who the socket `getSocket` gives is signed in as (after a sign-out, who last was, so a
 * record finished then is still theirs).
 */
export type OutboxView = ReturnType<typeof outboxView>;

export function createOutbox(getSocket: () => LeewaySocket | null, author: () => OutboxAuthor | null, on: OutboxEvents) {
  // Storage updates are read-modify-write: run them one after another.
  let queue = Promise.resolve();
  const update = (fn: (entries: OutboxEntry[]) => OutboxEntry[]) =>
    (queue = queue.then(async () => {
      const next = fn(await outboxItem.getValue());
      await outboxItem.setValue(next);
      on.changed(next);
      reportDepth(next);
    }));
  let flushing = false;

  // Reported when the depth changes, on each new connection, and every STATS_EVERY_MS while non-zero.
  let reported: { socketId: string; depth: number; at: number } | null = null;
  function reportDepth(entries: OutboxEntry[]) {
    const socket = getSocket();
    if (!socket?.connected || !socket.id) return;
    // Refused records wait for the agent, and another agent's for them, not for this connection.
    const depth = entries.filter((e) => !e.error && isMine(e, author())).length;
    const now = Date.now();
    if (reported?.socketId === socket.id && reported.depth === depth && (depth === 0 || now - reported.at < STATS_EVERY_MS)) return;
    reported = { socketId: socket.id, depth, at: now };
    socket.emit('client:stats', { outboxDepth: depth }, () => {});
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      const entries = await outboxItem.getValue();
      reportDepth(entries);
      for (const entry of entries) {
        const socket = getSocket();
        if (!socket?.connected) return;
        if (entry.error || !isMine(entry, author())) continue;
        const key = entry.body.idempotencyKey;
        let res: Response<LogReceipt>;
        try {
          res = await socket.timeout(CALL_TIMEOUT_MS).emitWithAck('resolution:submit', entry.body);
        } catch {
          // No answer: the server may or may not have it. Keep it; the resend is deduplicated.
          await update((all) => all.map((e) => (e.body.idempotencyKey === key ? { ...e, attempts: e.attempts + 1 } : e)));
          return;
        }
        if ('error' in res && (res.retry || res.status === 429)) {
          // Not the record's fault (disk full, a limit, a fault on the server): kept as if unanswered, sent again later.
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
      const by = author() ?? undefined;
      await update((all) =>
        all.some((e) => e.body.idempotencyKey === body.idempotencyKey)
          ? all
          : [...all, { body, ...(by ? { author: by } : {}), addedAt: new Date().toISOString(), attempts: 0 }],
      );
      void flush();
    },
    flush,
    announce: async () => on.changed(await outboxItem.getValue()),
  };
}
