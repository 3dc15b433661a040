import { UserError } from '../domain/index.ts';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, userError: 1, notFound: 2, config: 3, internal: 70 } as const;

/** Prints a result: JSON when asked, else the human form. */
export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : human() + '\n');
}

/** Prints an error the way the caller asked and sets the exit code; bugs keep their stack on stderr. */
export function fail(json: boolean, err: unknown): void {
  const user = err instanceof UserError;
  const message = user ? err.text.en : err instanceof Error ? err.message : String(err);
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: message, code: user ? err.code : 'internal', field: user ? err.field : undefined }) + '\n');
  else process.stderr.write(`error: ${message}\n`);
  if (!user && err instanceof Error && process.env.CHATCRON_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exitCode = user ? (err.code === 'not_found' ? EXIT.notFound : err.code === 'bad_config' ? EXIT.config : EXIT.userError) : EXIT.internal;
}
