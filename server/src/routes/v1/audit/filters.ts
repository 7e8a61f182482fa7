/** From the validated query to the repository's filter and back: cursors, dates, actors. */
import type { AuditEntry, AuditFilters } from '@shared/schemas/audit';
import { UserError } from '../../../errors';
import type { AuditFilter, AuditPosition, AuditRow } from '../../../repositories/audit';

export function toFilter(q: AuditFilters & { cursor?: string }): AuditFilter {
  const from = q.from ? Date.parse(q.from) : undefined;
  const to = q.to ? Date.parse(q.to) : undefined;
  if (from !== undefined && to !== undefined && to <= from) throw new UserError(400, 'to: must be after from');
  return { action: q.action, actorId: q.actorId, from, to, after: q.cursor ? decodeCursor(q.cursor) : undefined };
}

export const encodeCursor = (p: AuditPosition) => `${p.at}-${p.id}`;
function decodeCursor(c: string): AuditPosition {
  const [at, id] = c.split('-').map(Number) as [number, number];
  return { at, id };
}

export function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    action: r.action,
    target: r.target,
    targetName: r.targetName,
    detail: r.detail,
    actor: { id: r.actorId, name: r.actorName, email: r.actorEmail, role: r.actorRole },
  };
}
