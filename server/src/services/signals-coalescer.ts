/**
 * Signals pushes, at most one per customer per window: the first change pushes at once (the agent
 * sees it as soon as it can be computed); changes within the next `windowMs` are folded into one
 * push when the window ends, computed then from everything stored, so the last push is always
 * current. A burst of 50 events for one customer costs two computations, not 50.
 */
export interface SignalsCoalescer {
  changed(tenantId: string, customerId: string): void;
  /** No more pushes: pending windows are dropped (the server is closing). */
  close(): void;
}

export function createSignalsCoalescer(push: (tenantId: string, customerId: string) => Promise<void>, windowMs = 100): SignalsCoalescer {
  /** Customers inside a window, and whether something changed since its push. */
  const open = new Map<string, { tenantId: string; customerId: string; dirty: boolean; timer: NodeJS.Timeout }>();
  let closed = false;

  function pushNow(tenantId: string, customerId: string) {
    const key = `${tenantId}:${customerId}`;
    const timer = setTimeout(() => {
      const w = open.get(key);
      open.delete(key);
      if (w?.dirty && !closed) pushNow(tenantId, customerId);
    }, windowMs);
    timer.unref();
    open.set(key, { tenantId, customerId, dirty: false, timer });
    void push(tenantId, customerId);
  }

  return {
    changed(tenantId, customerId) {
      if (closed) return;
      const w = open.get(`${tenantId}:${customerId}`);
      if (w) w.dirty = true;
      else pushNow(tenantId, customerId);
    },
    close() {
      closed = true;
      for (const w of open.values()) clearTimeout(w.timer);
      open.clear();
    },
  };
}
