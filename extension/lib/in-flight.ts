import { useRef, useState } from 'preact/hooks';

/**
 * Work a button starts and waits for: a sign-in, a save, a decision. While it is on its way the
 * button says so (`aria-disabled`, dimmed by each stylesheet's `[aria-disabled='true']` rule) but
 * stays enabled: a button disabled under the keyboard's focus loses its focus ring, and the focus
 * falls to the page. A second press meanwhile (a double click, Enter held down) starts nothing.
 *
 * Spread `pending` on the button; start the work with `run`.
 */
export function useInFlight() {
  const [busy, setBusy] = useState(false);
  // Set at once, not at the next render: the second press of a double click comes before it.
  const running = useRef(false);
  async function run(work: () => Promise<unknown>): Promise<void> {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }
  return { busy, run, pending: { 'aria-disabled': busy ? ('true' as const) : undefined } };
}
