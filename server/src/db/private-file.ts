import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

/** Readable and writable by the server's own user only: the database holds everyone's data. */
const PRIVATE = 0o600;

/**
 * Makes the SQLite file, before SQLite opens it, private to this user: created with that mode when
 * missing, narrowed to it when an older start left it wider. SQLite gives the -wal and -shm files it
 * creates the database file's mode; ones left from before are narrowed too. Narrowing is best
 * effort: a file this user may not change (another owner, a read-only disk) is left as it is, and
 * opening it says what is wrong.
 */
export function keepSqliteFilesPrivate(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE));
  } catch {
    // It exists already (or cannot be made: SQLite's open reports that).
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if (existsSync(path)) chmodSync(path, PRIVATE);
    } catch {
      // Not ours to change; see above.
    }
  }
}
