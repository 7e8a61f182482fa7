/** The names of prepared queries (`Database.prepared`), checked once per database. */
import type { Query } from './database';

/**
 * Each name stands for one query on a database: PostgreSQL keeps a named statement per connection,
 * and a name given to another query would fail there at its first call, not here. (The same query
 * named again, by a second set of repositories on the same database, is the same statement.)
 */
export function nameRegistry() {
  const queries = new Map<string, string>();
  return (name: string, build: (q: Query) => unknown) => {
    const source = build.toString();
    const known = queries.get(name);
    if (known !== undefined && known !== source)
      throw new Error(`Two different prepared queries are named ${name}: give each its own name`);
    queries.set(name, source);
  };
}
