/**
 * A policy version published ahead takes effect at its time, with nothing stored then to tell
 * anyone. So each process keeps one timer per tenant for the tenant's next such version, and
 * when it comes into force the panels this process holds are pushed their suggestions afresh.
 * Those carry the policy version, so each panel then fetches its leeway too. The times are read
 * at start, and again for a tenant whenever its policy or offers are published (on any process).
 */
import type { FastifyInstance } from 'fastify';

/** setTimeout's longest wait (about 24.8 days): a later version is waited for in steps. */
const LONGEST_MS = 2 ** 31 - 1;
/** Past the version's time, so the reads that follow find it in force. */
const AFTER_MS = 5;
/** A read that failed (the database was failing over) is tried again after this long. */
const RETRY_MS = 30_000;

export interface PolicySchedule {
  /** Reads the versions ahead, the tenant's or every tenant's, and sets their timers again. */
  reread(tenantId?: string): void;
  /** No more timers; resolves once a read under way has settled. */
  close(): Promise<void>;
}

export function createPolicySchedule(app: FastifyInstance, inForce: (tenantId: string) => void): PolicySchedule {
  const timers = new Map<string, NodeJS.Timeout>();
  /** Reads run one after another, so an older read's answer never lands after a newer one's. */
  let reading: Promise<void> = Promise.resolve();
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const clear = (tenantId: string) => {
    clearTimeout(timers.get(tenantId));
    timers.delete(tenantId);
  };
  const set = (tenantId: string, at: number) => {
    clear(tenantId);
    const timer = setTimeout(
      () => {
        timers.delete(tenantId);
        if (Date.now() >= at) inForce(tenantId);
        reread(tenantId);
      },
      Math.min(LONGEST_MS, Math.max(0, at - Date.now() + AFTER_MS)),
    );
    timer.unref();
    timers.set(tenantId, timer);
  };
  const read = async (tenantId?: string) => {
    if (closed) return;
    const ahead = await app.repos.policies.upcoming(Date.now(), tenantId);
    if (closed) return;
    if (tenantId && !ahead.length) clear(tenantId);
    for (const next of ahead) set(next.tenantId, next.at);
  };
  function reread(tenantId?: string) {
    if (closed) return;
    reading = reading.then(() =>
      read(tenantId).catch((err) => {
        app.log.error({ err }, 'reading the policy versions published ahead failed: trying again in 30 s');
        // Every tenant's: the failed read may have been the one that sets a tenant's next timer.
        if (!closed && !retry) retry = setTimeout(() => ((retry = undefined), reread()), RETRY_MS).unref();
      }),
    );
  }

  return {
    reread,
    async close() {
      closed = true;
      clearTimeout(retry);
      for (const tenantId of [...timers.keys()]) clear(tenantId);
      await reading;
    },
  };
}
