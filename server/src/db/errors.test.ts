/** Storage faults from real SQLite errors, through drizzle's wrapper, become a 503 in words; other errors do not. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DbFault, dbFault, dbRefusal, faultCode, openError } from './errors';

const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};
const file = () => join(mkdtempSync(join(tmpdir(), 'leeway-errors-')), 'x.db');

describe('dbFault', () => {
  it('turns a locked database, met through drizzle, into a 503 that says nothing was saved', () => {
    const f = file();
    const a = new Database(f);
    a.exec('create table t (v int)');
    const b = new Database(f, { timeout: 0 });
    a.exec('begin immediate');
    const error = caught(() => drizzle(b).run(sql`insert into t values (1)`));
    a.exec('rollback');
    expect(faultCode(error)).toBe('SQLITE_BUSY');
    const fault = dbFault(error);
    expect(fault).toBeInstanceOf(DbFault);
    expect({ status: fault!.statusCode, message: fault!.message }).toEqual({
      status: 503,
      message: 'The database is busy with another writer: nothing was saved; try again in a moment',
    });
  });

  it('names a read-only database', () => {
    const f = file();
    new Database(f).exec('create table t (v int)');
    const error = caught(() => new Database(f, { readonly: true }).exec('insert into t values (1)'));
    expect(dbFault(error)?.message).toBe(
      'The database cannot be written (its disk is read-only): nothing was saved; try again once it is writable',
    );
  });

  it('leaves the caller’s mistakes and bugs alone', () => {
    const db = new Database(':memory:');
    db.exec('create table t (v int unique)');
    db.exec('insert into t values (1)');
    expect(dbFault(caught(() => db.exec('insert into t values (1)')))).toBeNull(); // SQLITE_CONSTRAINT_UNIQUE
    expect(dbFault(caught(() => db.exec('select nope from t')))).toBeNull(); // SQLITE_ERROR
    expect(dbFault(new Error('boom'))).toBeNull();
    expect(dbFault(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBeNull();
  });
});

describe('openError', () => {
  it('says in one line which file could not be opened, and why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leeway-errors-'));
    const error = caught(() => new Database(dir)); // a directory where the file should be
    expect(openError(dir, error).message).toBe(
      `Cannot open the database ${dir}: the file cannot be created or opened there (SQLITE_CANTOPEN). Nothing was changed; fix it and start again.`,
    );
    expect(openError('/data/x.db', Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })).message).toBe(
      'Cannot open the database /data/x.db: the disk is full (ENOSPC). Nothing was changed; fix it and start again.',
    );
  });
});

describe('PostgreSQL faults', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  // drizzle wraps the driver's error: the code is found on its cause.
  const wrapped = (cause: Error) => new Error('Failed query: insert into …', { cause });

  it('answers a cut, restarting or full server with a 503 that says nothing was saved', () => {
    expect(dbFault(wrapped(pgError('57P01', 'terminating connection due to administrator command')))?.message).toMatch(
      /restarting or shutting down: nothing was saved/,
    );
    expect(dbFault(wrapped(pgError('08006')))?.message).toMatch(/connection was lost: nothing was saved/);
    expect(dbFault(wrapped(new Error('Connection terminated unexpectedly')))?.message).toMatch(/connection was lost/);
    expect(dbFault(pgError('ECONNREFUSED'))?.message).toMatch(/connection was lost/);
    expect(dbFault(wrapped(pgError('53100')))?.message).toMatch(/disk full/);
    expect(dbFault(wrapped(pgError('25006')))?.message).toMatch(/read-only standby/);
  });

  it('leaves constraint violations and bugs alone, and calls an out-of-range number the request’s fault', () => {
    expect(dbFault(wrapped(pgError('23505', 'duplicate key value violates unique constraint')))).toBeNull();
    expect(dbFault(wrapped(pgError('42P01', 'relation does not exist')))).toBeNull();
    expect(dbRefusal(wrapped(pgError('22003', 'value "2147483648" is out of range for type integer')))).toMatchObject({
      statusCode: 400,
      message: 'A number in the request is too large to store',
    });
    expect(dbRefusal(wrapped(pgError('23505')))).toBeNull();
  });

  it('names why PostgreSQL could not be opened', () => {
    expect(openError('postgres://u:***@db:5432/leeway', pgError('3D000')).message).toBe(
      'Cannot open the database postgres://u:***@db:5432/leeway: that database does not exist (3D000). Nothing was changed; fix it and start again.',
    );
    expect(openError('postgres://db:5432/x', pgError('ECONNREFUSED')).message).toMatch(/nothing answers at that address \(ECONNREFUSED\)/);
  });
});
