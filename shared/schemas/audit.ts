/**
 * The audit log as the API serves it: who did what to what, and when. Entries carry ids and
 * names of what changed, never personal data values, secrets or revealed values.
 */
import { z } from 'zod';
import { Id, IsoDateTime, Role } from './common';

/** The actions written today, for the console's filter; prefixes ending in a dot select a family. */
export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-refused',
  'auth.throttled',
  'auth.sign-out',
  'auth.refresh-reuse',
  'policy.publish',
  'offers.update',
  'adapter.create',
  'adapter.update',
  'adapter.delete',
  'helpdesk-hosts.update',
  'event-type.declare',
  'log.retention',
  'log.settings',
  'customer.erase',
  'erasure.request',
  'erasure.settings',
  'customer.merge',
  'customer.unmerge',
  'customer.link-identity',
  'customer.create',
  'customer.update',
  'pii.reveal',
  'reveals.settings',
  'platform.connect',
  'platform.disconnect',
  'calls.settings',
  'log.read',
  'qa.scorecard.create',
  'qa.dispute.decide',
  'audit.export',
  'user.invite',
  'user.invite-reissue',
  'user.invite-accept',
  'user.deactivate',
  'user.reactivate',
  'user.access-change',
] as const;

/** An action ("policy.publish") or a family of them ("auth."): lower case words joined by dots. */
export const AuditActionFilter = z
  .string()
  .max(80, 'must be at most 80 characters')
  .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.?$/, 'must be an action like "policy.publish", or a prefix ending in a dot, like "auth."');

/** Opaque to clients: the `nextCursor` of the page before. */
export const AuditCursor = z.string().regex(/^\d{1,15}-\d{1,15}$/, 'must be the nextCursor of a previous page');

export const AuditFilters = z
  .object({
    action: AuditActionFilter.optional(),
    actorId: Id.optional(),
    /** Inclusive. */
    from: IsoDateTime.optional(),
    /** Exclusive. */
    to: IsoDateTime.optional(),
  })
  .strict();
export type AuditFilters = z.infer<typeof AuditFilters>;

export const AUDIT_PAGE_MAX = 500;
export const AuditQuery = AuditFilters.extend({
  cursor: AuditCursor.optional(),
  limit: z.coerce
    .number({ message: 'must be a whole number from 1 to 500' })
    .int('must be a whole number from 1 to 500')
    .min(1, 'must be a whole number from 1 to 500')
    .max(AUDIT_PAGE_MAX, 'must be a whole number from 1 to 500')
    .default(100),
}).strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  target: z.string(),
  /** The person the target names ("user:…", "customer:…"), from the same tenant; null for other targets or one no longer there. */
  targetName: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  /** Resolved from the tenant's users; name, email and role are null when the actor is not one (a refused sign-in). */
  actor: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable(), role: Role.nullable() }),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/** The CSV export's columns, in order. */
export const AUDIT_CSV_COLUMNS = ['id', 'at', 'action', 'actor_id', 'actor_name', 'actor_email', 'actor_role', 'target', 'detail'] as const;
