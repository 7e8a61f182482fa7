/**
 * Customer-wide signals as a client receives them: carried by the event that changed them (the
 * first change in a customer's push window, services/ingest.ts) or in a `customer:signals` push.
 * A test about what is pushed listens to both, as the extension's background does.
 */
import type { Signals } from '@shared/schemas/signals';
import type { ClientSocket } from './app';

export type SignalsVia = 'event' | 'push';
export interface PushedSignals {
  customerId: string;
  signals: Signals;
  via: SignalsVia;
}

/** Calls `fn` for each delivery of signals to `s`; returns the function that stops listening. */
export function onSignals(s: ClientSocket, fn: (p: PushedSignals) => void): () => void {
  const fromEvent = (p: { customerId: string; signals?: Signals }) =>
    p.signals && fn({ customerId: p.customerId, signals: p.signals, via: 'event' });
  const fromPush = (p: { customerId: string; signals: Signals }) => fn({ ...p, via: 'push' });
  s.on('customer:event', fromEvent);
  s.on('customer:signals', fromPush);
  return () => {
    s.off('customer:event', fromEvent);
    s.off('customer:signals', fromPush);
  };
}

/** The next signals delivered to `s` that match, or a rejection after `ms`. */
export function nextSignals(s: ClientSocket, match: (p: PushedSignals) => boolean = () => true, ms = 5000): Promise<PushedSignals> {
  const p = new Promise<PushedSignals>((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error(`no matching signals within ${ms} ms`))), ms);
    const stop = onSignals(s, (v) => {
      if (!match(v)) return;
      clearTimeout(timer);
      stop();
      resolve(v);
    });
  });
  p.catch(() => undefined); // awaited by the test; an earlier failure makes its timeout no second error
  return p;
}
