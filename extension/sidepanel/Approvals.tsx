import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionUser } from '@shared/schemas/auth';
import type { Board as BoardData, DutyState, ExceptionView } from '@shared/schemas/exceptions';
import type { ConnectionStatus } from '../lib/messages';
import { StatusPill } from '../panel/StatusPill';
import { Board } from './Board';
import { connectHub, type Hub } from './hub';
import { RequestCard } from './RequestCard';

/**
 * The supervisor's side panel: go on duty, see every request waiting for you with the
 * context to judge it and its SLA clock, decide in one click, and the team board.
 */
export function Approvals() {
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting' });
  const [user, setUser] = useState<SessionUser | null>(null);
  const [duty, setDuty] = useState<DutyState | null>(null);
  const [requests, setRequests] = useState<Map<string, ExceptionView>>(new Map());
  const [board, setBoard] = useState<BoardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hub, setHub] = useState<Hub | null>(null);

  useEffect(() => {
    const upsert = (e: ExceptionView) => setRequests((m) => new Map(m).set(e.id, e));
    const h = connectHub((msg) => {
      if (msg.type === 'status') {
        setStatus(msg.status);
        setUser(msg.user);
        // Every (re)connection: fetch everything waiting, so nothing raised meanwhile is missed.
        if (msg.status.state === 'online' && msg.user?.role === 'supervisor') void refresh(h);
      } else upsert(msg.exception);
      if (msg.type === 'updated' && msg.exception.status !== 'pending') void h.call('exception:board', {}).then(setBoard, () => {});
    });
    setHub(h);
    return () => h.close();
  }, []);

  async function refresh(h: Hub) {
    try {
      const [pending, b] = await Promise.all([h.call('exception:pending', {}), h.call('exception:board', {})]);
      setRequests(new Map(pending.map((e) => [e.id, e])));
      setBoard(b);
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

  // Mine: waiting at my level; the rest (decided, moved up) stays visible briefly as history.
  const list = useMemo(() => [...requests.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)), [requests]);
  const pending = list.filter((e) => e.status === 'pending' && (!duty?.level || e.level === duty.level));
  const done = list
    .filter((e) => !pending.includes(e))
    .slice(-5)
    .reverse();

  if (status.state === 'signed-out') return <main class="empty">Sign in from the Leeway options page.</main>;
  if (user && user.role !== 'supervisor')
    return <main class="empty">Approvals are for supervisors. You are signed in as {user.role}.</main>;

  return (
    <main>
      <header>
        <h1>Approvals</h1>
        <StatusPill status={status} />
      </header>
      <label class="duty">
        <input type="checkbox" name="onDuty" checked={duty?.onDuty ?? false} onChange={(e) => void toggleDuty(e.currentTarget.checked)} />
        On duty{duty?.level ? ` as ${duty.level.replace(/_/g, ' ')}${duty.team === '*' ? ' (pool)' : `, team ${duty.team}`}` : ''}
      </label>
      {error && <p class="error">{error}</p>}
      <Board pending={pending} board={board} />
      <section aria-label="Waiting for you">
        <h2>Waiting for you ({pending.length})</h2>
        {pending.length === 0 && <p class="muted">Nothing waiting.</p>}
        {pending.map((e) => (
          <RequestCard key={e.id} exception={e} hub={hub} />
        ))}
      </section>
      {done.length > 0 && (
        <section aria-label="Recently">
          <h2>Recently</h2>
          {done.map((e) => (
            <RequestCard key={e.id} exception={e} hub={hub} history />
          ))}
        </section>
      )}
    </main>
  );
}
