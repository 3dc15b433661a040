import { notARead, refused, SEVERAL_STATEMENTS } from './types.ts';

type Ast = Record<string, unknown>;
interface Parser {
  astify(sql: string, opt: { database: string }): Ast | Ast[];
}

const parsers = new Map<string, Promise<Parser>>();

// node-sql-parser is large (one grammar per dialect): loaded on the first MySQL/MariaDB SQL task.
function parser(database: 'mysql' | 'mariadb'): Promise<Parser> {
  let p = parsers.get(database);
  if (!p) {
    p = (database === 'mysql' ? import('node-sql-parser/build/mysql.js') : import('node-sql-parser/build/mariadb.js')).then((m) => {
      const mod = (m as unknown as { default?: { Parser: new () => Parser }; Parser?: new () => Parser });
      const Ctor = mod.Parser ?? mod.default!.Parser;
      return new Ctor();
    });
    parsers.set(database, p);
  }
  return p;
}

/**
 * Where MariaDB and the parser would read the text differently, so that the parser's verdict
 * would be about another statement: `/*! … *\/` and `/*M! … *\/` are SQL to MariaDB and a comment
 * to the parser, and `--` not followed by a space is a minus sign to MariaDB. Null: they agree.
 */
export function commentsReadAlike(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\' && c !== '`') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      if (text[i + 2] === '!' || (text[i + 2] === 'M' && text[i + 3] === '!')) return 'it holds a /*! … */ comment, which MariaDB runs as SQL';
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const next = text[i + 2];
      if (next !== undefined && !/[\s]/.test(next)) return 'it holds "--" not followed by a space, which MariaDB reads as two minus signs and the check as a comment';
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return null;
}

// Any INTO (OUTFILE, DUMPFILE, @var) anywhere in the tree: a read that writes.
function hasInto(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasInto);
  const o = node as Record<string, unknown>;
  const into = o.into as { position?: unknown } | undefined;
  if (into && typeof into === 'object' && into.position != null) return true;
  return Object.values(o).some(hasInto);
}

const READS = new Set(['select', 'show', 'explain', 'desc']);

/** Parses the statement and how many there are; null when the grammar cannot read it. */
async function parse(text: string, database: 'mysql' | 'mariadb'): Promise<{ statements: Ast[] } | { error: string }> {
  try {
    const ast = (await parser(database)).astify(text, { database });
    return { statements: (Array.isArray(ast) ? ast : [ast]).filter(Boolean) };
  } catch (err) {
    return { error: (err as Error).message.replace(/\s+/g, ' ').slice(0, 160) };
  }
}

/**
 * The parser's verdict on a statement for a read-only MySQL/MariaDB connection: exactly one
 * SELECT (WITH … SELECT), SHOW, EXPLAIN or DESCRIBE, with no INTO, in a text MariaDB and the
 * parser read alike. Throws the refusal.
 */
export async function checkMysqlRead(text: string, database: 'mysql' | 'mariadb'): Promise<void> {
  const mismatch = commentsReadAlike(text);
  if (mismatch) throw notARead(mismatch);
  const p = await parse(text, database);
  if ('error' in p) throw notARead(`this text could not be read as one (${p.error})`);
  if (p.statements.length === 0) throw notARead('this text holds no statement');
  if (p.statements.length > 1) throw refused(SEVERAL_STATEMENTS);
  const st = p.statements[0];
  const type = String(st.type);
  if (!READS.has(type)) throw notARead(`this is ${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type.toUpperCase()} statement`);
  if (hasInto(st)) throw notARead('SELECT … INTO writes a file or a variable');
}

/** On a writable connection, only the count matters: a text the parser reads as several is refused. */
export async function checkMysqlSingle(text: string, database: 'mysql' | 'mariadb'): Promise<void> {
  const p = await parse(text, database);
  // What the grammar cannot read the server still runs as one statement at most (no multipleStatements).
  if ('statements' in p && p.statements.length > 1) throw refused(SEVERAL_STATEMENTS);
}
