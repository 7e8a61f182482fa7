/**
 * Storage faults — the disk is full, read-only or failing, the file cannot be opened, another
 * writer holds the lock — are not the caller's mistake and not a bug: they become a 503 that
 * says what happened and that the change was not saved, so the client keeps it and sends it
 * again later (every write carries an idempotency key, so the resend is recorded once).
 */
import { UserError } from '../errors';

/** SQLite result codes (extended codes share the prefix: SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT…). */
const SQLITE_FAULTS: [prefix: string, message: string][] = [
  ['SQLITE_FULL', 'The database cannot be written (disk full): nothing was saved; try again once space is freed'],
  ['SQLITE_READONLY', 'The database cannot be written (its disk is read-only): nothing was saved; try again once it is writable'],
  [
    'SQLITE_IOERR',
    'The database cannot be written (disk I/O error or read-only disk): the change was not confirmed; send it again once the disk is fixed, it will be recorded once',
  ],
  ['SQLITE_CANTOPEN', 'The database file cannot be opened: nothing was saved; try again once its disk is back'],
  ['SQLITE_BUSY', 'The database is busy with another writer: nothing was saved; try again in a moment'],
];

const LOST = 'The database connection was lost: nothing was saved; try again in a moment';
/** PostgreSQL SQLSTATE codes (by prefix) and the network codes of its client. */
const POSTGRES_FAULTS: [prefix: string, message: string][] = [
  ['08', LOST],
  ['57P', 'The database is restarting or shutting down: nothing was saved; try again in a moment'],
  ['53100', 'The database cannot be written (disk full): nothing was saved; try again once space is freed'],
  ['53', 'The database is out of connections or memory: nothing was saved; try again in a moment'],
  ['25006', 'The database cannot be written (it is a read-only standby): nothing was saved; try again once it is writable'],
  ['40001', 'The database was busy with a conflicting change: nothing was saved; try again'],
  ['40P01', 'The database was busy with a conflicting change: nothing was saved; try again'],
  ['ECONNREFUSED', LOST],
  ['ECONNRESET', LOST],
  ['ETIMEDOUT', LOST],
  ['EPIPE', LOST],
  ['PG_CONNECTION', LOST],
];
/** node-postgres reports a dropped or unobtainable connection by message alone. */
const PG_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i;
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const SQLSTATE = /^(\d[0-9A-Z]{4}|XX\d{3})$/;

/** Node's file-system errors when the server prepares the database's directory at start. */
const FS_FAULTS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EROFS: 'its directory is on a read-only file system',
  EACCES: 'its directory is not writable by this process',
  EPERM: 'its directory is not writable by this process',
  ENOENT: 'its directory does not exist and could not be created',
  ENOTDIR: 'a part of its path is a file, not a directory',
};

/** Why SQLite could not open or migrate the file, in words, by result code. */
const OPEN_REASONS: [prefix: string, reason: string][] = [
  ['SQLITE_FULL', 'the disk is full'],
  ['SQLITE_READONLY', 'the file or its directory is read-only'],
  ['SQLITE_IOERR', 'the disk reported an I/O error'],
  ['SQLITE_CANTOPEN', 'the file cannot be created or opened there'],
  ['SQLITE_BUSY', 'another process holds its lock'],
  ['SQLITE_NOTADB', 'the file is not a SQLite database'],
  ['SQLITE_CORRUPT', 'the file is damaged'],
  ['ECONNREFUSED', 'nothing answers at that address'],
  ['ENOTFOUND', 'its host name does not resolve'],
  ['EAI_AGAIN', 'its host name does not resolve'],
  ['ETIMEDOUT', 'it did not answer in time'],
  ['PG_CONNECTION', 'it did not answer in time or closed the connection'],
  ['28', 'it refused the user or password'],
  ['3D000', 'that database does not exist'],
  ['57P03', 'it is starting up or shutting down'],
];

/** A storage fault answered with 503: nothing the caller sent was wrong. */
export class DbFault extends UserError {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(503, message);
  }
}

/** The database could not be opened at start: the process prints this one line and exits. */
export class DbOpenError extends Error {
  readonly exitCode = 2;
}

/** The SQLite, PostgreSQL, network or file-system code of an error, looking through wrappers (drizzle keeps the driver's error as `cause`). */
export function faultCode(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_') || code in FS_FAULTS || NET_CODES.has(code) || SQLSTATE.test(code)))
      return code;
    if (PG_CONNECTION_MESSAGES.test((e as { message?: unknown }).message as string)) return 'PG_CONNECTION';
  }
  return null;
}

/** The 503 for a storage fault, or null when `error` is something else. */
export function dbFault(error: unknown): DbFault | null {
  if (error instanceof DbFault) return error;
  const code = faultCode(error);
  const hit = code && [...SQLITE_FAULTS, ...POSTGRES_FAULTS].find(([prefix]) => code.startsWith(prefix));
  return hit ? new DbFault(hit[1], code) : null;
}

/**
 * A value the database refused as out of its range (PostgreSQL: a number past its column's
 * 32-bit integer, text it cannot hold): the request's fault, said as a 400, not a 500.
 * Validation bounds every input first; this is the net under it.
 */
export function dbRefusal(error: unknown): UserError | null {
  const code = faultCode(error);
  if (code === '22003') return new UserError(400, 'A number in the request is too large to store');
  if (code === '22021' || code === '22P05') return new UserError(400, 'The request holds a character that cannot be stored (U+0000)');
  return null;
}

/**
 * The driver's own words for an error, without drizzle's "Failed query: … params: …" wrapper,
 * which quotes every parameter of the statement (emails, event data, hashes): safe to log or print.
 */
export function driverMessage(e: unknown): string {
  let error = e as Error & { detail?: string };
  while (error.cause instanceof Error && /^Failed query:/.test(error.message)) error = error.cause as typeof error;
  const message = /^Failed query:/.test(error.message) ? 'the query failed' : error.message;
  return error.detail ? `${message} (${error.detail})` : message;
}

/** As dbFault, and logs the fault once for the operator (the client only sees the message); never the statement's parameters. */
export function reportDbFault(error: unknown, log: { error(obj: object, msg: string): void }): DbFault | null {
  const fault = dbFault(error);
  if (fault) log.error({ code: fault.code, reason: driverMessage(error) }, 'database write failed: storage fault');
  return fault;
}

/** Why the file at `file` could not be opened, as one line an operator can act on. */
export function openError(file: string, error: unknown): DbOpenError {
  const code = faultCode(error);
  const reason =
    (code && (FS_FAULTS[code] ?? OPEN_REASONS.find(([prefix]) => code.startsWith(prefix))?.[1])) ??
    (error instanceof Error ? error.message : String(error));
  return new DbOpenError(
    `Cannot open the database ${file}: ${reason}${code ? ` (${code})` : ''}. Nothing was changed; fix it and start again.`,
    { cause: error },
  );
}

/** At start: a database that cannot be opened is one line and exit code 2; anything else is reported as Node would. */
export function exitOnOpenError(error: unknown): never {
  if (error instanceof DbOpenError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  console.error(error);
  process.exit(1);
}
