import { useEffect, useState } from 'preact/hooks';
import type { InviteReply, UserList, UserView } from '@shared/schemas/users';
import { get, send } from './api';
import { Confirm } from './Confirm';
import { EditPersonRow } from './EditPersonRow';
import { InviteForm } from './InviteForm';
import { OneTimeToken } from './OneTimeToken';
import { type Level, statusText } from './people-access';
import { roleWords } from './audit-words';
import { useLoad } from './useLoad';

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
      {data?.users.length === 0 && (
        <p class="muted" data-field="people-empty">
          No people yet. Invite your first colleague above: they get a one-time link to set their password.
        </p>
      )}
      {data && data.users.length > 0 && (
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
                <EditPersonRow
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
                  <td>{roleWords(u.role)}</td>
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
