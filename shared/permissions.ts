import type { Role } from './schemas/common';

/**
 * Who may do what, in one table. The server checks every route and socket event
 * against it; the extension reads it only to hide what the user may not do.
 */
export const PERMISSIONS = {
  /** Acting on one's own session (signing out): everyone who can sign in. */
  'session:own': ['agent', 'supervisor', 'auditor', 'admin'],
  'context:read': ['agent', 'supervisor', 'admin'],
  'interaction:open': ['agent', 'supervisor', 'admin'],
  /** Everyone reads the policy in force: agents evaluate it locally, auditors review against it. */
  'policy:read': ['agent', 'supervisor', 'auditor', 'admin'],
  'policy:write': ['admin'],
  'policy:what-if': ['admin', 'auditor'],
  /** Next best action's offers: admins set them; supervisors and QA read what agents are offered. */
  'offers:read': ['supervisor', 'auditor', 'admin'],
  'offers:write': ['admin'],
  'grant:record': ['agent', 'supervisor'],
  'exception:request': ['agent', 'supervisor'],
  /** Deciding also needs an approval level, checked against the request's level. */
  'exception:decide': ['supervisor'],
  'resolution:submit': ['agent', 'supervisor'],
  'log:verify': ['auditor', 'admin'],
  'log:retention': ['admin'],
  'customer:erase': ['admin'],
  /** Filing an erasure request and seeing where requests stand (ids only): supervisors take them from customers; only admins carry them out. */
  'erasure:request': ['supervisor', 'admin'],
  'erasure:read': ['supervisor', 'admin'],
  /** How many days an erasure request may wait. */
  'erasure:settings': ['admin'],
  /** Every role's extension reads the tenant's declarative helpdesk adapters; only admins define them. */
  'adapters:read': ['agent', 'supervisor', 'auditor', 'admin'],
  'adapters:write': ['admin'],
  /** The exact hosts of the tenant's helpdesks: every extension reads them (it runs only there); only admins set them. */
  'helpdesk-hosts:read': ['agent', 'supervisor', 'auditor', 'admin'],
  'helpdesk-hosts:write': ['admin'],
  /** Seeing a masked personal field in full, on a reveal that is audit-logged. Auditors review records, not people. */
  'pii:reveal': ['agent', 'supervisor', 'admin'],
  /** How many personal fields one agent may reveal in an hour: admins read and change it. */
  'reveals:settings': ['admin'],
  /**
   * Connections to contact-center platforms Leeway calls out to (Genesys Cloud, Aircall), and which
   * desktops' calls their platform confirms: admins set them; secrets are never read back.
   */
  'platforms:settings': ['admin'],
  'customer:merge': ['supervisor', 'admin'],
  /** Creating and updating customers over REST (POST/PATCH /v1/customers); business systems push events through the signed webhook. */
  'customer:write': ['admin'],
  /**
   * Opening the console at all (who am I, `GET /v1/qa/me`): every role has a page there. What each
   * sees is decided by its other permissions: supervisors only the offers (`offers:read`), nothing of QA's.
   */
  'console:open': ['agent', 'supervisor', 'auditor', 'admin'],
  /** QA in the console: agents see reviews of their own work; auditors and admins everything. */
  'qa:console': ['agent', 'auditor', 'admin'],
  /** Build queues, score, calibrate, see detectors and charts, export. */
  'qa:audit': ['auditor', 'admin'],
  /** Agents dispute scores of their own reviews. */
  'qa:dispute': ['agent'],
  /** Settling a dispute: a second auditor or admin, never the original reviewer (checked in the route). */
  'qa:settle': ['auditor', 'admin'],
  /** New scorecard versions. */
  'qa:scorecard': ['auditor', 'admin'],
  'event-types:write': ['admin'],
  /** Every signed-in extension reports its own health (outbox depth) for the metrics. */
  'client:stats': ['agent', 'supervisor', 'auditor', 'admin'],
  /** The audit log (admin actions, config changes, reveals, erasures, sign-ins): read and export. */
  'audit:read': ['admin'],
  /** People of the tenant: list, invite, deactivate, reactivate, change role, level, team or approval level. */
  'users:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
