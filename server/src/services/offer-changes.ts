/** What a new version of a tenant's offers changed, for its audit entry: offer ids, never amounts or wording. */
import type { Offer } from '@shared/nba/offer';

const MAX_LISTED = 30;

/** Keys sorted: PostgreSQL's jsonb gives a stored offer back with its keys in another order. */
const sameness = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

const listed = (ids: string[]) => ({
  ids: ids.slice(0, MAX_LISTED),
  ...(ids.length > MAX_LISTED ? { more: ids.length - MAX_LISTED } : {}),
});

export function offerChanges(before: readonly Offer[], after: readonly Offer[]) {
  const old = new Map(before.map((o) => [o.id, sameness(o)]));
  const now = new Set(after.map((o) => o.id));
  return {
    added: listed(after.filter((o) => !old.has(o.id)).map((o) => o.id)),
    changed: listed(after.filter((o) => old.has(o.id) && old.get(o.id) !== sameness(o)).map((o) => o.id)),
    removed: listed(before.filter((o) => !now.has(o.id)).map((o) => o.id)),
  };
}
