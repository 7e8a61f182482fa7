/** What an admin may change about a person, and how it reads in the people table. */
import type { Role } from '@shared/schemas/common';
import type { UserView } from '@shared/schemas/users';

export const ROLES: Role[] = ['agent', 'supervisor', 'auditor', 'admin'];

/** An approval level of the policy's escalation ladder. */
export interface Level {
  id: string;
  name: string;
}

export interface Access {
  role: Role;
  agentLevel: number;
  team: string;
  approvalLevel: string | null;
}

export function statusText(u: UserView): string {
  if (u.status !== 'invited') return u.status;
  return u.inviteExpiresAt && Date.parse(u.inviteExpiresAt) < Date.now() ? 'invitation expired' : 'invited';
}
