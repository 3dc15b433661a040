import pg from 'pg';

/** The PostgreSQL server the SQL-task suites use (trust auth on this machine). */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers; skipped loudly when it does not, a failure under CI (like MySQL). */
export function postgresAvailable(): Promise<boolean> {
  reachable ??= (async () => {
    const c = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.end();
      return true;
    } catch (err) {
      if (process.env.CI) throw new Error(`CI is set but PostgreSQL at ${POSTGRES_URL} does not answer: ${(err as Error).message}`);
      console.warn(`\n*** PostgreSQL at ${POSTGRES_URL} does not answer (${(err as Error).message}): PostgreSQL suites are SKIPPED ***\n`);
      return false;
    }
  })();
  return reachable;
}

/** A fresh schema in the test database, and how to drop it. */
export async function freshPostgresSchema(): Promise<{ schema: string; query(text: string): Promise<void>; drop(): Promise<void> }> {
  const schema = `chatcron_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  await c.query(`create schema ${schema}`);
  return {
    schema,
    query: async (text) => void (await c.query(text)),
    drop: async () => {
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
