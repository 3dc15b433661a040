import { createRequire } from 'node:module';
import type { SqlConnection, SqlLimits } from './types.ts';
import { SEVERAL_STATEMENTS } from './types.ts';

const NOT_A_READ = 'refused before it ran: a read-only connection runs one SELECT, WITH … SELECT, SHOW, EXPLAIN or DESCRIBE statement, and ';

/**
 * SQLite runs in a child process (started by src/exec) that is killed at the deadline: the
 * driver is synchronous and cannot be interrupted from JavaScript. A read-only connection opens
 * the file read-only with `PRAGMA query_only`, and runs a statement only when SQLite itself says
 * it returns rows and writes nothing (better-sqlite3's `reader` and `readonly`, which is
 * sqlite3_stmt_readonly): VACUUM INTO, ATTACH and PRAGMA writes are refused before they run.
 * better-sqlite3 refuses a text holding several statements. Rows are read one at a time
 * (`iterate()`) up to the row and byte caps. Returns the argv; the process prints one JSON object
 * (`error`, `refused`, or the rows).
 */
export function sqliteQueryArgv(conn: SqlConnection, statement: string, limits: Pick<SqlLimits, 'maxRows' | 'maxBytes'>): string[] {
  const file = conn.url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const script = `
const [driver, file, write, maxRows, maxBytes, statement] = process.argv.slice(1);
const out = (o) => process.stdout.write(JSON.stringify(o));
const cell = (v) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? '0x' + v.toString('hex') : v);
(() => {
try {
  const db = new (require(driver))(file, { readonly: write !== '1', fileMustExist: true });
  if (write !== '1') db.pragma('query_only = 1');
  let st;
  try {
    st = db.prepare(statement);
  } catch (err) {
    if (/more than one statement/.test(err.message)) { out({ refused: ${JSON.stringify(`refused before it ran: ${SEVERAL_STATEMENTS}`)} }); process.exitCode = 1; return; }
    throw err;
  }
  if (write !== '1' && !(st.reader && st.readonly)) {
    out({ refused: ${JSON.stringify(NOT_A_READ)} + (st.reader ? 'SQLite says this statement writes' : 'SQLite says this statement returns no rows') });
    process.exitCode = 1;
    return;
  }
  if (st.reader) {
    const columns = st.columns().map((c) => c.name);
    const rows = [];
    let truncated = false, cutAtBytes = null, bytes = 0;
    for (const r of st.raw().iterate()) {
      if (rows.length >= Number(maxRows)) { truncated = true; break; }
      const row = r.map(cell);
      const size = row.reduce((n, v) => n + (v === null ? 4 : typeof v === 'string' ? Buffer.byteLength(v) : String(v).length) + 1, 0);
      if (bytes + size > Number(maxBytes)) { truncated = true; cutAtBytes = Number(maxBytes); break; }
      bytes += size;
      rows.push(row);
    }
    out({ columns, rows, truncated, cutAtBytes, affected: null });
  } else {
    out({ columns: [], rows: [], truncated: false, cutAtBytes: null, affected: st.run().changes });
  }
} catch (err) {
  out({ error: err.message });
  process.exitCode = 1;
}
})();`;
  return [process.execPath, '-e', script, driver, file, conn.write ? '1' : '0', String(limits.maxRows), String(limits.maxBytes), statement.trim().replace(/;\s*$/, '')];
}
