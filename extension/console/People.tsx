import { useEffect, useRef, useState } from 'preact/hooks';
import type { Role } from '../../shared/schemas/common';
import type { InviteReply, UserList, UserView } from '../../shared/schemas/users';
import { get, send } from './api';
import { useLoad } from './useLoad';

const ROLES: Role[] = ['agent', 'supervisor', 'auditor', 'admin'];
interface Level {
  id: string;
  name: string;
}
interface Access {
  role: Role;
  agentLevel: number;
  team: string;
  approvalLevel: string | null;
}

/**
 * The tenant's people, for admins: who they are and may do, invitations (the one-time token is
 * shown once, here), deactivation and reactivation after a confirmation, changes of access.
 * The server applies each change to the person's sessions at once; this page only asks.
 */
export function People() {
  const { data, error, reload } = useLoad(() => get<UserList>('/v1/users'));
  const [levels, setLevels] = useState<Level[]>([]);
  const [msg, setMsg] = useState<string | null>(null);
  const [invite, setInvite] = useState<InviteReply | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ user: UserView; action: 'deactivate' | 'reactivate'; from: HTMLElement } | null>(null);

  useEffect(() => {
    // Approval levels are the policy's escalation levels; without a policy, none to offer.
    get<{ document: { levels: Level[] } }>('/v1/policy').then(
      (p) => setLevels(p.document.levels),
      () => setLevels([]),
    );
  }, []);

  async function act(what: () => Promise<unknown>, done: string) {
    try {
      await what();
      setMsg(done);
      reload();
    } catch (e) {
      setMsg((e as Error).message);
    }
  }

  return (
    <div class="card people" data-testid="people">
      <header class="row">
        <h2 id="people-heading">People</h2>
      </header>
      <InviteForm levels={levels} onInvited={(r) => (setInvite(r), setMsg(null), reload())} />
      {invite && <OneTimeToken reply={invite} onDone={() => setInvite(null)} />}
      <p class="notice" role="status" aria-live="polite">
        {msg ?? ''}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <table aria-labelledby="people-heading">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Agent level</th>
              <th scope="col">Team</th>
              <th scope="col">Approval level</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) =>
              editing === u.id ? (
                <EditRow
                  key={u.id}
                  user={u}
                  levels={levels}
                  onCancel={() => setEditing(null)}
                  onSave={(change) =>
                    act(
                      () => send('PATCH', `/v1/users/${u.id}`, change),
                      `${u.name}: access changed; their open sessions pick it up now.`,
                    ).then(() => setEditing(null))
                  }
                />
              ) : (
                <tr key={u.id} data-user={u.email} data-status={u.status}>
                  <td>
                    <strong>{u.name}</strong> <span class="muted small">{u.email}</span>
                  </td>
                  <td>{u.role}</td>
                  <td>{u.agentLevel}</td>
                  <td>{u.team === '*' ? 'every team' : u.team}</td>
                  <td>
                    {u.approvalLevel ? (
                      (levels.find((l) => l.id === u.approvalLevel)?.name ?? u.approvalLevel)
                    ) : (
                      <span class="muted">none</span>
                    )}
                  </td>
                  <td>
                    <span class={`pill user-${u.status}`}>{statusText(u)}</span>
                  </td>
                  <td class="actions">
                    <button type="button" class="secondary" aria-label={`Change access of ${u.name}`} onClick={() => setEditing(u.id)}>
                      Change
                    </button>
                    {u.status === 'invited' && (
                      <button
                        type="button"
                        class="secondary"
                        aria-label={`New invitation for ${u.name}`}
                        onClick={() =>
                          act(
                            async () => setInvite(await send<InviteReply>('POST', `/v1/users/${u.id}/invitation`)),
                            `A new invitation for ${u.name}; the old one no longer works.`,
                          )
                        }
                      >
                        New invitation
                      </button>
                    )}
                    {u.status === 'deactivated' ? (
                      <button
                        type="button"
                        aria-label={`Reactivate ${u.name}`}
                        onClick={(e) => setConfirm({ user: u, action: 'reactivate', from: e.currentTarget })}
                      >
                        Reactivate
                      </button>
                    ) : (
                      <button
                        type="button"
                        class="danger"
                        aria-label={`Deactivate ${u.name}`}
                        onClick={(e) => setConfirm({ user: u, action: 'deactivate', from: e.currentTarget })}
                      >
                        Deactivate
                      </button>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {confirm && (
        <Confirm
          title={confirm.action === 'deactivate' ? `Deactivate ${confirm.user.name}?` : `Reactivate ${confirm.user.name}?`}
          body={
            confirm.action === 'deactivate'
              ? 'They are signed out everywhere now, and cannot sign in until reactivated. Their records stay.'
              : 'They can sign in again with their password.'
          }
          confirmLabel={confirm.action === 'deactivate' ? 'Deactivate' : 'Reactivate'}
          onClose={(ok) => {
            const { user, action, from } = confirm;
            setConfirm(null);
            from.focus();
            if (ok)
              void act(
                () => send('POST', `/v1/users/${user.id}/${action}`),
                action === 'deactivate' ? `${user.name} is deactivated and signed out everywhere.` : `${user.name} can sign in again.`,
              );
          }}
        />
      )}
    </div>
  );
}

function statusText(u: UserView): string {
  if (u.status !== 'invited') return u.status;
  return u.inviteExpiresAt && Date.parse(u.inviteExpiresAt) < Date.now() ? 'invitation expired' : 'invited';
}

function InviteForm({ levels, onInvited }: { levels: Level[]; onInvited: (r: InviteReply) => void }) {
  const empty = { email: '', name: '', role: 'agent' as Role, agentLevel: 1, team: 'default', approvalLevel: '' };
  const [f, setF] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof empty) => (e: Event) =>
    setF({
      ...f,
      [k]: k === 'agentLevel' ? Number((e.currentTarget as HTMLInputElement).value) : (e.currentTarget as HTMLInputElement).value,
    });

  async function submit(e: Event) {
    e.preventDefault();
    try {
      const reply = await send<InviteReply>('POST', '/v1/users/invitations', {
        ...f,
        approvalLevel: f.role === 'supervisor' && f.approvalLevel ? f.approvalLevel : null,
      });
      setError(null);
      setF(empty);
      onInvited(reply);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <form class="invite row" onSubmit={submit} aria-labelledby="invite-heading">
      <h3 id="invite-heading" class="visually-hidden">
        Invite someone
      </h3>
      <label>
        Email <input type="email" name="email" required value={f.email} onInput={set('email')} />
      </label>
      <label>
        Name <input name="name" required value={f.name} onInput={set('name')} />
      </label>
      <label>
        Role
        <select name="role" value={f.role} onChange={set('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Agent level <input type="number" name="agentLevel" min={1} max={10} value={f.agentLevel} onInput={set('agentLevel')} />
      </label>
      <label>
        Team <input name="team" value={f.team} onInput={set('team')} />
      </label>
      <label>
        Approval level
        <select name="approvalLevel" value={f.approvalLevel} onChange={set('approvalLevel')} disabled={f.role !== 'supervisor'}>
          <option value="">none</option>
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Invite</button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The token exists only in this answer: shown once, with a way to copy it, then gone. */
function OneTimeToken({ reply, onDone }: { reply: InviteReply; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  // Moved to, so a screen reader says it at once and the keyboard is where the next step is.
  useEffect(() => ref.current?.focus(), [reply.invite.token]);
  async function copy() {
    await navigator.clipboard.writeText(reply.invite.token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }
  return (
    <div class="one-time" data-testid="invite-token" ref={ref} tabIndex={-1} role="region" aria-labelledby="one-time-heading">
      <h3 id="one-time-heading">Invitation for {reply.user.name}</h3>
      <p>
        Send this token to {reply.user.email} privately. They choose their password with it in the Leeway extension's options, under “I have
        an invitation”. It works once, until {new Date(reply.invite.expiresAt).toLocaleString()}, and is not shown again.
      </p>
      <div class="row">
        <label class="grow">
          One-time token <input readOnly name="invite-token" value={reply.invite.token} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy token'}
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <p class="visually-hidden" role="status">
        {copied ? 'Token copied to the clipboard' : ''}
      </p>
    </div>
  );
}

function EditRow({
  user,
  levels,
  onSave,
  onCancel,
}: {
  user: UserView;
  levels: Level[];
  onSave: (change: Partial<Access>) => void;
  onCancel: () => void;
}) {
  const [a, setA] = useState<Access>({ role: user.role, agentLevel: user.agentLevel, team: user.team, approvalLevel: user.approvalLevel });
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const changed = Object.fromEntries(Object.entries(a).filter(([k, v]) => v !== user[k as keyof Access])) as Partial<Access>;
  return (
    <tr data-user={user.email} class="editing">
      <td>
        <strong>{user.name}</strong> <span class="muted small">{user.email}</span>
      </td>
      <td>
        <label>
          <span class="visually-hidden">Role of {user.name}</span>
          <select
            ref={first}
            name="role"
            value={a.role}
            onChange={(e) => {
              const role = e.currentTarget.value as Role;
              setA({ ...a, role, approvalLevel: role === 'supervisor' ? a.approvalLevel : null });
            }}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </td>
      <td>
        <label>
          <span class="visually-hidden">Agent level of {user.name}</span>
          <input
            type="number"
            name="agentLevel"
            min={1}
            max={10}
            value={a.agentLevel}
            onInput={(e) => setA({ ...a, agentLevel: Number(e.currentTarget.value) })}
          />
        </label>
      </td>
      <td>
        <label>
          <span class="visually-hidden">Team of {user.name}</span>
          <input name="team" value={a.team} onInput={(e) => setA({ ...a, team: e.currentTarget.value })} />
        </label>
      </td>
      <td>
        <label>
          <span class="visually-hidden">Approval level of {user.name}</span>
          <select
            name="approvalLevel"
            value={a.approvalLevel ?? ''}
            disabled={a.role !== 'supervisor'}
            onChange={(e) => setA({ ...a, approvalLevel: e.currentTarget.value || null })}
          >
            <option value="">none</option>
            {levels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      </td>
      <td>
        <span class={`pill user-${user.status}`}>{statusText(user)}</span>
      </td>
      <td class="actions">
        <button type="button" disabled={Object.keys(changed).length === 0} onClick={() => onSave(changed)}>
          Save
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </td>
    </tr>
  );
}

/** A modal question: focus goes to Cancel (the harmless answer), Escape or Cancel says no, the caller puts focus back. */
/** A modal yes/no; `danger` marks an action that cannot be taken back. */
export function Confirm({
  title,
  body,
  confirmLabel,
  onClose,
  danger = confirmLabel === 'Deactivate',
}: {
  title: string;
  body: string;
  confirmLabel: string;
  onClose: (ok: boolean) => void;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    d.showModal();
    const cancel = (e: Event) => (e.preventDefault(), onClose(false));
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, []);
  return (
    <dialog ref={ref} class="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-body">
      <h3 id="confirm-title">{title}</h3>
      <p id="confirm-body">{body}</p>
      <div class="row end">
        <button type="button" class="secondary" autofocus onClick={() => onClose(false)}>
          Cancel
        </button>
        <button type="button" class={danger ? 'danger' : ''} onClick={() => onClose(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
