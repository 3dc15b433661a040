import type pg from 'pg';
import { describeStatement } from './postgres-describe.ts';
import { RowCollector } from './row-collector.ts';
import { meterSocket } from './socket-meter.ts';
import { notARead, refused, SEVERAL_STATEMENTS, SqlFailure, stoppedOnRequest, timedOut, type SqlConnection, type SqlLimits, type SqlRows } from './types.ts';

const WIRE_SLACK = 1024 * 1024; // bytes above the byte cap: framing and the row in flight
const KILL_GRACE_MS = 1000; // how long a cancel may take before the connection is cut
const BATCH = 100; // rows per FETCH from the portal
// The server's own deadline stays a little behind the client's, as a backstop should the service die.
const SERVER_SLACK_MS = 2000;

/**
 * PostgreSQL. Every statement goes through the extended query protocol, which runs one statement
 * only: the server describes it first (several statements are refused there, before anything
 * runs), a read-only connection runs it only when the server says it returns rows, inside a
 * session started with `default_transaction_read_only` and a `BEGIN READ ONLY` transaction (so
 * COMMIT, DDL, COPY, DO and SET are refused before they run, and a write fails in the server).
 * Rows stream through a portal (pg-cursor) in batches and stop at the row or byte cap. At the
 * deadline, or when `signal` aborts (a stop asked for), the backend is cancelled
 * (`pg_cancel_backend` from a second connection), then the connection is cut;
 * `statement_timeout` is the server's backstop.
 */
export async function queryPostgres(conn: SqlConnection, statement: string, limits: SqlLimits, signal?: AbortSignal): Promise<SqlRows> {
  const pgm = (await import('pg')).default;
  const Cursor = (await import('pg-cursor')).default;
  // Dates and 64-bit integers as the server wrote them: no time zone shift, no precision loss.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => ([1082, 1114, 1184, 20, 1700].includes(oid) ? (v: string) => v : pgm.types.getTypeParser(oid, format as 'text')) };
  const settings = [`statement_timeout=${Math.floor(limits.timeoutMs) + SERVER_SLACK_MS}`, `idle_in_transaction_session_timeout=${Math.floor(limits.timeoutMs) + SERVER_SLACK_MS}`];
  if (!conn.write) settings.push('default_transaction_read_only=on');
  const client = new pgm.Client({ connectionString: conn.url, types, options: settings.map((s) => `-c ${s}`).join(' ') });
  // A cut connection reports an error event; what it means is decided below.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new SqlFailure('error', (err as Error).message);
  }
  const socket = (client as unknown as { connection: { stream: import('node:net').Socket } }).connection.stream;
  const collector = new RowCollector(limits);
  let cut = false;
  let expired = false;
  let stopped = false;
  let onAbort: (() => void) | undefined;
  const stop = () => {
    cut = true;
    socket.destroy();
  };
  const meter = meterSocket(socket, limits.maxBytes + WIRE_SLACK, () => {
    collector.overBytes();
    stop();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await client.query(conn.write ? 'begin' : 'begin read only');
    let returnsRows: boolean;
    try {
      returnsRows = await describeStatement(client, statement);
    } catch (err) {
      if ((err as { code?: string }).code === '42601' && /multiple commands/.test((err as Error).message)) throw refused(SEVERAL_STATEMENTS);
      throw err;
    }
    if (!returnsRows && !conn.write) throw notARead('the server says this statement returns no rows');
    // The deadline and a stop end the statement the same way; the first one says why.
    const interrupt = (why: 'deadline' | 'stop') => {
      if (expired || stopped) return;
      if (why === 'deadline') expired = true;
      else stopped = true;
      void cancel(pgm, conn.url, (client as unknown as { processID: number }).processID);
      setTimeout(stop, KILL_GRACE_MS).unref();
    };
    timer = setTimeout(() => interrupt('deadline'), limits.timeoutMs);
    onAbort = () => interrupt('stop');
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    let result: SqlRows;
    if (returnsRows) {
      const cursor = client.query(new Cursor(statement, [], { rowMode: 'array', types }));
      let columns: string[] = [];
      cursor.on('row', (row: unknown[], r: { fields: { name: string }[] }) => {
        if (!columns.length) columns = r.fields.map((f) => f.name);
        if (!collector.add(row) && collector.rows.length < limits.maxRows) stop();
      });
      try {
        for (;;) {
          const want = Math.min(BATCH, limits.maxRows + 1 - collector.rows.length);
          const got = await cursor.read(want);
          if (got.length < want || collector.full) break;
        }
        if (!cut) await cursor.close();
      } catch (err) {
        if (!cut || expired || stopped) throw err;
      }
      if (!columns.length) columns = ((cursor as unknown as { _result: { fields: { name: string }[] } })._result.fields ?? []).map((f) => f.name);
      result = collector.result(columns);
    } else {
      const r = await client.query({ text: statement, queryMode: 'extended' } as never as string);
      result = collector.result([], (r as unknown as pg.QueryResult).rowCount ?? 0);
    }
    if (stopped) throw stoppedOnRequest();
    if (expired) throw timedOut(limits.timeoutMs);
    if (cut) {
      if (conn.write) throw new SqlFailure('error', 'the result passed the byte cap on a writable connection, so reading stopped and the transaction was rolled back');
      return result;
    }
    await client.query(conn.write ? 'commit' : 'rollback');
    await settle(client.end());
    return result;
  } catch (err) {
    if (err instanceof SqlFailure) throw err;
    if (stopped) throw stoppedOnRequest();
    if (expired || (err as { code?: string }).code === '57014') throw timedOut(limits.timeoutMs);
    throw new SqlFailure('error', (err as Error).message);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    meter.stop();
    socket.destroy();
  }
}

// Ending a connection waits for the server's goodbye; a second is plenty, and the socket is cut anyway.
const settle = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);

async function cancel(pgm: typeof pg, url: string, pid: number): Promise<void> {
  const k = new pgm.Client({ connectionString: url });
  k.on('error', () => undefined);
  try {
    await k.connect();
    await k.query('select pg_cancel_backend($1)', [pid]);
  } catch {
    // The connection is cut after the grace period whatever happened here.
  } finally {
    await settle(k.end());
  }
}
