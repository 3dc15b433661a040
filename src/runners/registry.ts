import { ConflictError, NotFoundError, UserError } from '../domain/index.ts';
import * as store from '../store/index.ts';
import { newRunnerToken } from './tokens.ts';

/** How a runner looks to operators. */
export interface RunnerView {
  name: string;
  labels: string[];
  state: 'online' | 'offline' | 'revoked';
  lastSeenAt: string | null;
  version: string | null;
  host: string | null;
  createdAt: string;
}

const NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;

/** Checks label (and name) syntax: letters, digits, dot, dash, underscore. */
export function checkLabels(labels: string[]): string[] {
  const clean = [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
  for (const l of clean) {
    if (!NAME.test(l)) throw new UserError('bad_label', { en: `"${l}" is not a label (letters, digits, dot, dash, underscore)`, zh: `“${l}”不是有效的标签（字母、数字、点、横线、下划线）` }, 'labels');
  }
  return clean;
}

/** Creates a runner and returns its token, shown this once. */
export async function addRunner(database: store.Database, name: string, labels: string[], now: number): Promise<{ name: string; labels: string[]; token: string }> {
  if (!NAME.test(name)) throw new UserError('bad_name', { en: `"${name}" is not a runner name (letters, digits, dot, dash, underscore)`, zh: `“${name}”不是有效的执行器名称` }, 'name');
  const clean = checkLabels(labels);
  return database.write(async (tx) => {
    if (await store.findRunnerByName(tx, name)) throw new ConflictError({ en: `a runner named "${name}" exists already`, zh: `已有名为“${name}”的执行器` });
    // The id is part of the token, so the row comes first with a placeholder hash.
    const row = await store.insertRunner(tx, { name, labels: clean, tokenHash: '-', createdAt: now });
    const t = newRunnerToken(row.id);
    await store.setRunnerTokenHash(tx, row.id, t.hash);
    return { name, labels: clean, token: t.token };
  });
}

/** Revokes a runner: its token is refused from now on and its runs are taken back by the sweep. */
export async function revokeRunner(database: store.Database, name: string, now: number): Promise<void> {
  const r = await store.findRunnerByName(database.db, name);
  if (!r) throw new NotFoundError('runner', name);
  await store.revokeRunner(database.db, name, now);
}

/** Every runner with its state: online when heard from within the lapse. */
export async function listRunners(database: store.Database, now: number, lapseMs: number): Promise<RunnerView[]> {
  const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
  return (await store.listRunners(database.db)).map((r) => ({
    name: r.name,
    labels: r.labels,
    state: r.revokedAt != null ? 'revoked' : r.lastSeenAt != null && r.lastSeenAt >= now - lapseMs ? 'online' : 'offline',
    lastSeenAt: iso(r.lastSeenAt),
    version: r.version,
    host: r.host,
    createdAt: iso(r.createdAt)!,
  }));
}
