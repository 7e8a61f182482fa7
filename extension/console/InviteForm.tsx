import { useState } from 'preact/hooks';
import type { Role } from '@shared/schemas/common';
import type { InviteReply } from '@shared/schemas/users';
import { send } from './api';
import { type Level, ROLES } from './people-access';

/** Invites someone: the server answers with the one-time token OneTimeToken shows. */
export function InviteForm({ levels, onInvited }: { levels: Level[]; onInvited: (r: InviteReply) => void }) {
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
