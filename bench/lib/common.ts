// Shared bench helpers: task rows, fresh databases, child processes, percentiles.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { insertTasksBulk, migrateToLatest, openDatabase, type NewTask } from '../../src/store/index.ts';
import { bundledChild } from './bundle.ts';
import { freshDatabaseUrl } from '../../test/support/databases.ts';
import { onceTask as sharedOnceTask } from '../../test/support/tasks.ts';

export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A message-only one-shot task due at `at` (no chat: nothing is sent, only the run is recorded). */
export const onceTask = (i: number, at: number): NewTask => sharedOnceTask(i, at, { name: `b${i}`, content: `bench ${i}`, createdBy: 'bench' });

/** A daily cron task far from due (the idle bulk of a big database). */
export function idleTask(i: number, now: number): NewTask {
  return { ...onceTask(i, now), schedule: { kind: 'cron', expr: `${i % 60} ${i % 24} * * *`, tz: 'Asia/Shanghai', anchor: null, text: 'daily' }, nextRunAt: now + 3 * 3_600_000 + i };
}

/** A task firing every second from `anchor`. */
export function everySecondTask(i: number, anchor: number): NewTask {
  return { ...onceTask(i, anchor), schedule: { kind: 'every', expr: '1s', tz: 'UTC', anchor, text: 'every 1s' } };
}

/** A fresh database URL: a temp SQLite file or a new MySQL schema; and how to drop it. */
export const freshUrl = freshDatabaseUrl;

/** Migrates `url` and inserts the tasks in big transactions. */
export async function fill(url: string, tasks: NewTask[]): Promise<void> {
  const db = openDatabase(url);
  await migrateToLatest(db);
  for (let i = 0; i < tasks.length; i += 50_000) await insertTasksBulk(db, tasks.slice(i, i + 50_000), Date.now(), 500);
  await db.close();
}

/** What a replica child reports when it leaves. */
export interface ReplicaReport {
  instance: string;
  starts: number;
  /** Fire lag (actual start − scheduled instant) of every schedule run it started, ms. */
  lags: number[];
  firstStartAt: number | null;
  lastStartAt: number | null;
  startupMs: number;
  rssMB: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** With `profile`: heap figures (MB) as the first run started and at the end, and the CPU profile written. */
  heap?: { atFirstStart: object | null; atEnd: object };
  profileFile?: string | null;
}

/** A replica child: an Engine in its own process with its own pool (bench/lib/replica.ts). */
export interface Replica {
  ready: Promise<void>;
  done: Promise<ReplicaReport>;
  pid: number;
}

/**
 * Spawns a replica engine child (plain node on a bundle of bench/lib/replica.ts, as the service
 * runs) that stops once `until` runs in total exist in the database or `deadline` (epoch ms) passes.
 */
export async function spawnReplica(args: { url: string; until: number; deadline: number; lookaheadMs?: number; batch?: number; pollMs?: number; profile?: string; snapshot?: boolean }): Promise<Replica> {
  const argv = [await bundledChild(path.join(HERE, 'replica.ts')), JSON.stringify(args)];
  // With the flags the service runs with (bin/chatcron.js, npm start, the Dockerfile).
  const child = spawn(process.execPath, ['--max-semi-space-size=2', ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('READY\n')) readyResolve();
  });
  const done = new Promise<ReplicaReport>((resolve, reject) =>
    // 'close', not 'exit': a report of 100,000 lags is still in the pipe when the process exits.
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`replica exited with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as ReplicaReport);
    }),
  );
  return { ready, done, pid: child.pid! };
}

/** The p-quantile of sorted numbers. */
export function quantile(sorted: number[], p: number): number | null {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;
}

/** The median of numbers (nulls ignored). */
export function median(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x != null).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : Math.round(((v[m - 1] + v[m]) / 2) * 10) / 10;
}

/** Machine facts every bench prints. */
export function machine() {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30) };
}

/** Sleeps `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
