/** A named connection an operator allows SQL tasks to use. */
export interface SqlConnection {
  url: string;
  /** Writes allowed; otherwise the statement must be a read and the session itself is read-only. */
  write: boolean;
}

/** What a statement may use: its deadline and how much of its result is read. */
export interface SqlLimits {
  timeoutMs: number;
  /** Most rows read; one more tells that there were more. */
  maxRows: number;
  /** Most bytes of row data read (cells as text); reading stops there whatever the statement says. */
  maxBytes: number;
}

/** What a statement returned, at most `maxRows` rows and `maxBytes` of them (`truncated` when there were more). */
export interface SqlRows {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  /** The byte cap when reading stopped because of it (null: not cut, or cut by the row cap). */
  cutAtBytes: number | null;
  /** Rows changed, for statements that change rows. */
  affected: number | null;
}

/** Why a statement did not complete: the deadline, refused before it ran, or the database said no. */
export class SqlFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'refused' | 'error' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'SqlFailure';
  }
}

/** A statement refused before anything of it ran, saying why. */
export function refused(why: string): SqlFailure {
  return new SqlFailure('refused', `refused before it ran: ${why}`);
}

/** The refusal of a string holding several statements, the same on every engine. */
export const SEVERAL_STATEMENTS = 'a SQL task runs exactly one statement, and this text holds more than one';

/** The refusal of anything but a read on a read-only connection. */
export function notARead(what: string): SqlFailure {
  return refused(`a read-only connection runs one SELECT, WITH … SELECT, SHOW, EXPLAIN or DESCRIBE statement, and ${what}`);
}

/** The deadline's failure, the same on every engine. */
export function timedOut(timeoutMs: number): SqlFailure {
  return new SqlFailure('timeout', `the statement ran past ${timeoutMs} ms and was stopped`);
}

/** A stop asked for while the statement ran (console, API, CLI, `/stop N`), the same on every engine. */
export function stoppedOnRequest(): SqlFailure {
  return new SqlFailure('stopped', 'the statement was stopped on request');
}

/** The engine a connection URL names. */
export function sqlEngineOf(url: string): 'mysql' | 'postgres' | 'sqlite' {
  if (/^(mysql|mariadb):\/\//.test(url)) return 'mysql';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('sqlite:')) return 'sqlite';
  throw new SqlFailure('error', `unsupported connection URL (mysql://, postgres:// or sqlite:)`);
}
