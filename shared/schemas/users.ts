/**
 * User administration: admins list, invite, deactivate, reactivate and change the access of the
 * people of their tenant; an invitee sets their password with the one-time token they were sent.
 */
import { z } from 'zod';
import { Email, Id, IsoDateTime, Role } from './common';

/** Seniority as policies name it (limits per agent level). */
export const AgentLevel = z
  .number()
  .int('must be a whole number from 1 to 10')
  .min(1, 'must be a whole number from 1 to 10')
  .max(10, 'must be a whole number from 1 to 10');
/** A team's name, or '*': every team (a supervisor who decides for the level's pool). */
export const Team = z
  .string()
  .regex(/^(\*|[a-z0-9][a-z0-9_.-]{0,63})$/, 'must be * (every team) or 1–64 lowercase letters, digits, dots, dashes or underscores');
/** An escalation level's id in the policy (team_lead, manager…); null: decides nothing. */
export const ApprovalLevel = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "must be an escalation level's id from the policy, like team_lead")
  .nullable();
/** Long enough to resist guessing, short of what a hash would need to truncate. */
export const NewPassword = z
  .string({ error: 'is required' })
  .min(12, 'must be at least 12 characters')
  .max(1024, 'must be at most 1024 characters');

export const UserStatus = z.enum(['active', 'invited', 'deactivated']);
export type UserStatus = z.infer<typeof UserStatus>;

export const UserView = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  agentLevel: z.number().int(),
  team: z.string(),
  approvalLevel: z.string().nullable(),
  /** Deactivated wins over invited: a deactivated invitee cannot accept. */
  status: UserStatus,
  /** When an unaccepted invitation stops working; null once accepted. */
  inviteExpiresAt: IsoDateTime.nullable(),
  deactivatedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type UserView = z.infer<typeof UserView>;

export const UserList = z.object({ users: z.array(UserView) });
export type UserList = z.infer<typeof UserList>;

export const UserParams = z.object({ userId: Id });

export const InviteBody = z
  .object({
    email: Email,
    name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
    role: Role,
    agentLevel: AgentLevel.default(1),
    team: Team.default('default'),
    approvalLevel: ApprovalLevel.default(null),
  })
  .strict();
export type InviteBody = z.input<typeof InviteBody>;

/** The token is shown once, here: only its SHA-256 is stored. */
export const InviteReply = z.object({
  user: UserView,
  invite: z.object({ token: z.string(), expiresAt: IsoDateTime }),
});
export type InviteReply = z.infer<typeof InviteReply>;

/** Only what changes; at least one field. */
export const AccessChangeBody = z
  .object({ role: Role.optional(), agentLevel: AgentLevel.optional(), team: Team.optional(), approvalLevel: ApprovalLevel.optional() })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'name at least one of role, agentLevel, team or approvalLevel to change',
  });
export type AccessChangeBody = z.infer<typeof AccessChangeBody>;

export const AcceptInviteBody = z
  .object({
    token: z.string({ error: 'is required' }).min(1, 'is required').max(200, 'is too long to be an invitation token'),
    password: NewPassword,
  })
  .strict();
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

export const AcceptInviteReply = z.object({ email: z.string(), accepted: z.literal(true) });
export type AcceptInviteReply = z.infer<typeof AcceptInviteReply>;
