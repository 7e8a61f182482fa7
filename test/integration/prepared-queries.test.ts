/**
 * Prepared queries (server/src/db/prepared.ts) run where a query written out would: inside the
 * transaction open at the call, on either engine, so what they write rolls back with it and what
 * they read sees its writes; and a name stands for one query only.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/database';
import { openDatabase } from '../../server/src/db/open';
import { newTestDatabase, type TestDatabase } from '../support/test-database';

let target: TestDatabase;
let db: Database;
beforeAll(async () => {
  target = await newTestDatabase();
  const t = target.target;
  db = await openDatabase(
    t.kind === 'postgres' ? { kind: 'postgres', url: t.url, poolSize: 2 } : { kind: 'sqlite', file: t.file, sync: 'NORMAL' },
  );
});
afterAll(async () => {
  await db?.close();
  await target?.drop();
});

describe('prepared queries', () => {
  it('run in the transaction open at the call: its writes are seen in it and undone with it', async () => {
    const { signInFailures: f } = db.t;
    const add = db.prepared('test.addFailure', (q) =>
      q
        .insert(f)
        .values({ key: sql.placeholder('key'), at: sql.placeholder('at') })
        .returning({ key: f.key }),
    );
    const count = db.prepared('test.countFailures', (q) =>
      q
        .select({ n: sql<number>`count(*)` })
        .from(f)
        .where(eq(f.key, sql.placeholder('key'))),
    );
    const n = async () => Number((await count({ key: 'prepared' }))[0]!.n);

    await expect(
      db.tx(async () => {
        expect(await add({ key: 'prepared', at: 1 })).toEqual([{ key: 'prepared' }]);
        // Read in the same transaction (on PostgreSQL: on its connection, not another from the pool).
        expect(await n()).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await n()).toBe(0);

    await db.tx(() => add({ key: 'prepared', at: 2 }));
    await db.tx(() => add({ key: 'prepared', at: 3 }));
    expect(await n()).toBe(2);
  });

  it('refuse a name already given to another query', () => {
    const { signInFailures: f } = db.t;
    db.prepared('test.once', (q) => q.select().from(f));
    // The same query again (a second set of repositories on this database) is the same statement.
    expect(() => db.prepared('test.once', (q) => q.select().from(f))).not.toThrow();
    expect(() => db.prepared('test.once', (q) => q.select({ key: f.key }).from(f))).toThrow(
      /Two different prepared queries are named test\.once/,
    );
  });
});
