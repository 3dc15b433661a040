import type { Socket } from 'node:net';
import { createConnection, type Connection, type FieldPacket, type PrepareStatementInfo } from 'mysql2';
import { checkMysqlRead, checkMysqlSingle } from './mysql-statement.ts';
import { RowCollector } from './row-collector.ts';
import { meterSocket } from './socket-meter.ts';
import { notARead, SqlFailure, stoppedOnRequest, timedOut, type SqlConnection, type SqlLimits, type SqlRows } from './types.ts';

// Slack on the wire above the byte cap: protocol framing and the row in flight.
const WIRE_SLACK = 1024 * 1024; // bytes
// How long a KILL QUERY may take to end the statement before the connection is cut.
const KILL_GRACE_MS = 1000;

function open(url: string): Promise<Connection> {
  const c = createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, rowsAsArray: true, multipleStatements: false });
  return new Promise((resolve, reject) => {
    c.connect((err) => (err ? reject(err) : resolve(c)));
  });
}

const run = (c: Connection, text: string) => new Promise<unknown>((resolve, reject) => c.query(text, (err, r) => (err ? reject(err) : resolve(r))));

async function killQuery(url: string, threadId: number): Promise<void> {
  const k = await open(url);
  try {
    await run(k, `kill query ${Number(threadId)}`);
  } finally {
    k.destroy();
  }
}

/**
 * MySQL / MariaDB. On a read-only connection the statement must pass three checks before it
 * runs: the parser reads one SELECT/SHOW/EXPLAIN/DESCRIBE without INTO (checkMysqlRead), and the
 * server, asked to prepare it, says it returns columns (INTO and DDL return none); then it runs
 * as that prepared statement in a `SET SESSION TRANSACTION READ ONLY` + `START TRANSACTION READ
 * ONLY` session. mysql2 runs without multipleStatements, so the server refuses a second statement
 * on any connection. Rows stream and stop at the row or byte cap (the connection is cut), and at
 * the deadline, or when `signal` aborts (a stop asked for), the statement is killed with `KILL
 * QUERY` from a second connection, then cut.
 */
export async function queryMysql(conn: SqlConnection, statement: string, limits: SqlLimits, signal?: AbortSignal): Promise<SqlRows> {
  const database = conn.url.startsWith('mariadb:') ? 'mariadb' : 'mysql';
  const text = statement.trim().replace(/;\s*$/, '');
  if (conn.write) await checkMysqlSingle(text, database);
  else await checkMysqlRead(text, database);

  let c: Connection;
  try {
    c = await open(conn.url);
  } catch (err) {
    throw new SqlFailure('error', (err as Error).message);
  }
  const collector = new RowCollector(limits);
  let cut = false;
  let expired = false;
  let stopped = false;
  let onAbort: (() => void) | undefined;
  const meter = meterSocket((c as unknown as { stream: Socket }).stream, limits.maxBytes + WIRE_SLACK, () => {
    collector.overBytes();
    cut = true;
    c.destroy();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // Our own strings are what the parser read: no mode that changes how quotes or backslashes read.
    await run(c, "set session sql_mode = replace(replace(@@sql_mode, 'NO_BACKSLASH_ESCAPES', ''), 'ANSI_QUOTES', '')");
    await run(c, `set session sql_select_limit = ${limits.maxRows + 1}`);
    if (!conn.write) await run(c, 'set session transaction read only');
    await run(c, conn.write ? 'start transaction' : 'start transaction read only');
    let prepared: PrepareStatementInfo | undefined;
    if (!conn.write) {
      prepared = await new Promise<PrepareStatementInfo>((resolve, reject) => c.prepare(text, (err, st) => (err ? reject(err) : resolve(st))));
      if ((prepared as unknown as { columns: unknown[] }).columns.length === 0) throw notARead('the server says this statement returns no rows');
    }
    const threadId = c.threadId!;
    // The deadline and a stop end the statement the same way; the first one says why.
    const interrupt = (why: 'deadline' | 'stop') => {
      if (expired || stopped) return;
      if (why === 'deadline') expired = true;
      else stopped = true;
      killQuery(conn.url, threadId).catch(() => undefined);
      setTimeout(() => c.destroy(), KILL_GRACE_MS).unref();
    };
    timer = setTimeout(() => interrupt('deadline'), limits.timeoutMs);
    onAbort = () => interrupt('stop');
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    let columns: string[] = [];
    let affected: number | null = null;
    await new Promise<void>((resolve, reject) => {
      const cmd = prepared ? prepared.execute([]) : c.query(text);
      cmd.on('fields', (fields: FieldPacket[] | undefined) => (columns = (fields ?? []).map((f) => f.name)));
      cmd.on('result', (row: unknown) => {
        if (Array.isArray(row)) {
          if (!collector.add(row) && !cut) {
            // A writable session must reach its COMMIT: rows past the row cap are read and dropped.
            if (conn.write && !collector.byBytes) return;
            cut = true;
            c.destroy();
            resolve();
          }
        } else if (row && typeof row === 'object' && 'affectedRows' in row) affected = Number((row as { affectedRows: number }).affectedRows);
      });
      cmd.on('error', (err: Error) => (cut ? resolve() : reject(err)));
      cmd.on('end', () => resolve());
    });
    // An interrupted SLEEP() returns normally: the deadline or the stop decides, not the absence of an error.
    if (stopped) throw stoppedOnRequest();
    if (expired) throw timedOut(limits.timeoutMs);
    if (cut) {
      // The connection was cut to stop reading: nothing was committed.
      if (conn.write) throw new SqlFailure('error', `the result passed the byte cap on a writable connection, so reading stopped and the transaction was rolled back`);
      killQuery(conn.url, threadId).catch(() => undefined);
      return collector.result(columns);
    }
    await run(c, conn.write ? 'commit' : 'rollback');
    return collector.result(columns.length ? columns : [], columns.length ? null : affected ?? 0);
  } catch (err) {
    if (err instanceof SqlFailure) throw err;
    if (stopped) throw stoppedOnRequest();
    if (expired) throw timedOut(limits.timeoutMs);
    throw new SqlFailure('error', (err as Error).message);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    meter.stop();
    c.destroy();
  }
}
