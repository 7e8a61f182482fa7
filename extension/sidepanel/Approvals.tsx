import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SessionUser } from '@shared/schemas/auth';
import type { Board as BoardData, DutyState, ExceptionView } from '@shared/schemas/exceptions';
import type { ConnectionStatus } from '../lib/messages';
import { StatusPill } from '../panel/StatusPill';
import { Board } from './Board';
import { DutyToggle } from './DutyToggle';
import { connectHub, type Hub } from './hub';
import { RequestCard } from './RequestCard';
import { useFocusInList } from '../lib/focus-in-list';
import { useNow } from '../lib/use-now';

/**
 * The supervisor's side panel: go on duty, see every request waiting for you with the
 * context to judge it and its SLA clock, decide in one click, and the team board.
 * "Recently decided" is the board's, read from the server: it survives a restart of either side.
 */
export function Approvals() {
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting' });
  const [user, setUser] = useState<SessionUser | null>(null);
  const [duty, setDuty] = useState<DutyState | null>(null);
  const [requests, setRequests] = useState<Map<string, ExceptionView>>(new Map());
  const [board, setBoard] = useState<BoardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hub, setHub] = useState<Hub | null>(null);
  const now = useNow();
  const upsert = (e: ExceptionView) => setRequests((m) => new Map(m).set(e.id, e));

  useEffect(() => {
    const h = connectHub((msg) => {
      if (msg.type === 'status') {
        setStatus(msg.status);
        setUser(msg.user);
        // Every (re)connection: fetch everything waiting, so nothing raised meanwhile is missed.
        if (msg.status.state === 'online' && msg.user?.role === 'supervisor') void refresh(h);
      } else upsert(msg.exception);
      if (msg.type === 'updated' && msg.exception.status !== 'pending') void loadBoard(h);
    });
    setHub(h);
    return () => h.close();
  }, []);

  async function loadBoard(h: Hub) {
    try {
      const b = await h.call('exception:board', {});
      setBoard(b);
      setDuty(b.duty);
    } catch {
      // Kept as it was: the next push or reconnection asks again.
    }
  }

  async function refresh(h: Hub) {
    try {
      const [pending, b] = await Promise.all([h.call('exception:pending', {}), h.call('exception:board', {})]);
      setRequests(new Map(pending.map((e) => [e.id, e])));
      setBoard(b);
      setDuty(b.duty);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function toggleDuty(onDuty: boolean) {
    if (!hub) return;
    try {
      setDuty(await hub.call('duty:set', { onDuty }));
      setError(null);
      await refresh(hub);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  /** My own decision: leave the queue at once (off duty, no push follows), and show it under "Recently decided". */
  function decided(e: ExceptionView) {
    upsert(e);
    if (hub) void loadBoard(hub);
  }

  // Waiting for me: pending at my level. A request decided or moved up leaves this list; what
  // was decided shows under "Recently decided", from the server.
  const pending = useMemo(
    () =>
      [...requests.values()]
        .filter((e) => e.status === 'pending' && (!duty?.level || e.level === duty.level))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    [requests, duty],
  );
  const recently = board?.recentlyDecided ?? [];
  // A request decided while its card held the focus: the focus goes to the next one waiting.
  const waitingList = useRef<HTMLElement>(null);
  const waitingHeading = useRef<HTMLHeadingElement>(null);
  useFocusInList(waitingList, 'article.request', waitingHeading, pending);

  if (status.state === 'signed-out')
    return (
      <main class="empty">
        <h1>Approvals</h1>
        <p>Sign in from the Leeway options page to see the requests waiting for you.</p>
        <button type="button" class="open-options" onClick={() => void browser.runtime.openOptionsPage()}>
          Open the options page
        </button>
      </main>
    );
  if (user && user.role !== 'supervisor')
    return (
      <main class="empty">
        <h1>Approvals</h1>
        <p>Approvals are for supervisors. You are signed in as {user.role}.</p>
      </main>
    );

  return (
    <main>
      <header>
        <h1>Approvals</h1>
        <StatusPill status={status} />
      </header>
      <DutyToggle duty={duty} onChange={(on) => void toggleDuty(on)} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <Board pending={pending} board={board} now={now} />
      <section aria-label="Waiting for you" ref={waitingList}>
        <h2 ref={waitingHeading} tabIndex={-1}>
          Waiting for you ({pending.length})
        </h2>
        {/* Read out as requests arrive and leave, without moving focus from the request being judged. */}
        <p class="sr-only" role="status" data-field="waiting-status">
          {pending.length === 1 ? '1 request waiting for you' : `${pending.length} requests waiting for you`}
        </p>
        {pending.length === 0 && (
          <p class="muted">{duty?.onDuty ? 'Nothing waiting. New requests appear here as agents ask.' : 'Nothing waiting.'}</p>
        )}
        {pending.map((e) => (
          <RequestCard key={e.id} exception={e} hub={hub} now={now} onDecided={decided} />
        ))}
      </section>
      <section aria-label="Recently decided">
        <h2>Recently decided</h2>
        {recently.length === 0 && <p class="muted">No decisions in your team in the last day.</p>}
        {recently.map((e) => (
          <RequestCard key={e.id} exception={e} hub={hub} now={now} history />
        ))}
      </section>
    </main>
  );
}
