import { useEffect, useRef, useState } from 'preact/hooks';
import { exceptionHeadline } from './ExceptionCard';
import { statusText } from './announce';
import type { TicketView } from './state';

/** At most one polite announcement this often: a burst of events is read as its latest, not as a queue. */
const THROTTLE_MS = 2000;

/** A decision on the agent's own request, once, when it arrives (not when a decided one is shown again). */
function useDecision(view: TicketView): string {
  const seen = useRef<{ view: number; id: string | null; status: string | null }>({ view: -1, id: null, status: null });
  const [text, setText] = useState('');
  const e = view.exception;
  useEffect(() => {
    const before = seen.current;
    seen.current = { view: view.id, id: e?.id ?? null, status: e?.status ?? null };
    if (before.view !== view.id) setText('');
    if (!e || e.status === 'pending' || e.status === 'withdrawn') return;
    if (before.view === view.id && before.id === e.id && before.status === 'pending') setText(exceptionHeadline(e));
  }, [view.id, e]);
  return text;
}

function useThrottled(text: string): string {
  // Empty at first: a region filled as it appears is not read out, one filled after is.
  const [shown, setShown] = useState('');
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + THROTTLE_MS - Date.now());
    const t = setTimeout(() => {
      last.current = Date.now();
      setShown(text);
    }, wait);
    return () => clearTimeout(t);
  }, [text]);
  return shown;
}

/**
 * Live regions, there from the start so what is put in them is read out; nothing here takes focus
 * (the agent keeps typing in the helpdesk). Context and events are polite (role=status); a
 * decision on the agent's own request interrupts (role=alert).
 */
export function Announcer({ view }: { view: TicketView }) {
  const status = useThrottled(statusText(view));
  const decision = useDecision(view);
  return (
    <div class="sr-only">
      <p role="status" data-field="announce-status">
        {status}
      </p>
      <p role="alert" data-field="announce-alert">
        {decision}
      </p>
    </div>
  );
}
