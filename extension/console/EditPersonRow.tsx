import { useEffect, useRef, useState } from 'preact/hooks';
import type { Role } from '@shared/schemas/common';
import type { UserView } from '@shared/schemas/users';
import { type Access, type Level, ROLES, statusText } from './people-access';

/** A person's row while an admin changes their access; saves only what changed. */
export function EditPersonRow({
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
