import { useEffect, useState } from 'preact/hooks';
import { AUDIT_ACTIONS, type AuditEntry, type AuditPage } from '@shared/schemas/audit';
import { downloadCsv, get } from './api';
import { formatDateTime } from './format';
import { auditSentence, roleWords } from './audit-words';
import { useInFlight } from '../lib/in-flight';

interface Filters {
  action: string;
  actorId: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { action: '', actorId: '', from: '', to: '' };
const PAGE = 50;
/** Families first ("auth." = every sign-in event), then each action. */
const ACTION_CHOICES = [...new Set(AUDIT_ACTIONS.map((a) => `${a.split('.')[0]}.`)), ...AUDIT_ACTIONS];

/** Date inputs are local days; the server takes instants. "To" includes its whole day. */
function query(f: Filters, page?: { limit: number; cursor?: string }): string {
  const q = new URLSearchParams();
  if (f.action.trim()) q.set('action', f.action.trim());
  if (f.actorId) q.set('actorId', f.actorId);
  if (f.from) q.set('from', new Date(`${f.from}T00:00:00`).toISOString());
  if (f.to) q.set('to', new Date(new Date(`${f.to}T00:00:00`).getTime() + 86_400_000).toISOString());
  if (page) q.set('limit', String(page.limit));
  if (page?.cursor) q.set('cursor', page.cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** "changes: 1 changed · rules: changed limits/credit: maxAmountCents" — names of what changed, as the server wrote them. */
function describe(detail: AuditEntry['detail']): string {
  if (!detail) return '';
  const show = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(show).join('; ')
      : v && typeof v === 'object'
        ? Object.entries(v)
            .map(([k, x]) => `${k}: ${show(x)}`)
            .join(', ')
        : String(v);
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join(' · ');
}

/** The audit log for admins: filters, newest first, "Load more", and the same filters as CSV. */
export function AuditLog() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const more = useInFlight();
  // Actors seen so far, for the actor filter (the log names them; there is no separate user list).
  const [actors, setActors] = useState<Map<string, string>>(new Map());

  async function load(f: Filters, cursor?: string) {
    setLoading(true);
    try {
      const page = await get<AuditPage>(`/v1/audit${query(f, { limit: PAGE, cursor })}`);
      setEntries((prev) => (cursor ? [...prev, ...page.entries] : page.entries));
      setNext(page.nextCursor);
      setActors(
        (prev) =>
          new Map([
            ...prev,
            ...page.entries.map((e) => [e.actor.id, e.actor.name ? `${e.actor.name} (${e.actor.email})` : e.actor.id] as [string, string]),
          ]),
      );
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
    setLoading(false);
  }
  useEffect(() => void load(EMPTY), []);

  const apply = (e: Event) => {
    e.preventDefault();
    setApplied(draft);
    void load(draft);
  };
  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });

  return (
    <div class="card audit" data-testid="audit-log">
      <header class="row">
        <h2>Audit log</h2>
        <button
          type="button"
          onClick={() => downloadCsv(`/v1/audit/export${query(applied)}`, 'audit-log').catch((e: Error) => setError(e.message))}
        >
          Export CSV
        </button>
      </header>
      <form class="filters row" onSubmit={apply}>
        <label>
          Action{' '}
          <input name="action" list="audit-actions" placeholder="any, or a family: auth." value={draft.action} onInput={set('action')} />
        </label>
        <datalist id="audit-actions">
          {ACTION_CHOICES.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <label>
          Actor
          <select name="actorId" value={draft.actorId} onChange={set('actorId')}>
            <option value="">anyone</option>
            {[...actors].map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" name="from" value={draft.from} onInput={set('from')} />
        </label>
        <label>
          To <input type="date" name="to" value={draft.to} onInput={set('to')} />
        </label>
        <button type="submit">Apply</button>
      </form>
      {error && <p class="error">{error}</p>}
      {!error && entries.length === 0 && !loading && (
        <p class="muted" data-field="audit-empty">
          {query(applied)
            ? 'Nothing recorded matches these filters. Clear a filter or widen the dates, then press Apply.'
            : 'Nothing recorded yet. Sign-ins, revealed personal data and changes to policy or people appear here as they happen.'}
        </p>
      )}
      {entries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-audit={e.id} data-action={e.action}>
                <td class="nowrap">{formatDateTime(e.at)}</td>
                <td>
                  <span data-field="audit-sentence">{auditSentence(e)}</span>
                  <details class="ids">
                    <summary>Details</summary>
                    <dl class="facts small">
                      <dt>Action</dt>
                      <dd>
                        <code>{e.action}</code>
                      </dd>
                      <dt>By</dt>
                      <dd>
                        {e.actor.name ? `${e.actor.name} (${e.actor.email}, ${roleWords(e.actor.role)}) · ` : ''}
                        <code>{e.actor.id}</code>
                      </dd>
                      <dt>About</dt>
                      <dd>
                        <code>{e.target}</code>
                      </dd>
                      {e.detail && (
                        <>
                          <dt>Recorded</dt>
                          <dd class="detail">{describe(e.detail)}</dd>
                        </>
                      )}
                    </dl>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" class="more" {...more.pending} onClick={() => void more.run(() => load(applied, next))}>
          {more.busy ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
