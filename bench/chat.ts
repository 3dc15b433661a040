// Chat round-trip benchmark: webhook-in to message-out latency of the Telegram path (webhook →
// router → outbox enqueue → relay claim → sendMessage) at a steady rate, against the fake Bot
// API on 127.0.0.1 and `chatcron serve` as a child process on a fresh SQLite file. Each message
// comes from a chat and a person of its own, so that neither Telegram's 20 a minute per chat nor
// the router's command limits per person and chat throttle. Latency = when the fake received
// the sendMessage for that chat − just before the POST.
// Prints one JSON object. Usage: node --import tsx bench/chat.ts [--rate 100 --seconds 20 --text /list --prof-dir DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/store/index.ts';
import { FakeTelegramServer, textUpdate } from '../test/fakes/telegram-server.ts';
import { spawn } from 'node:child_process';
import { CLI } from '../test/support/service-process.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' }, // messages per second
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '100' }, // messages, not measured
    text: { type: 'string', default: '/list' },
    'prof-dir': { type: 'string' }, // writes a .cpuprofile of the service there
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const SECRET = 'bench-webhook-secret_0123';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-chat-bench-'));
const fake = await FakeTelegramServer.start();
const svc = await serve(values['prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['prof-dir'])}`] : []);

/** `chatcron serve` as a child (node flags such as --cpu-prof are not allowed in NODE_OPTIONS). */
async function serve(nodeArgs: string[]) {
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve'], {
    cwd: path.dirname(path.dirname(CLI)),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: '0',
      HOST: '127.0.0.1',
      CHATCRON_LOG_LEVEL: 'info',
      DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`,
      CHATCRON_API_TOKEN: 'bench-token-0123456789abcdef',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<unknown>((resolve) => child.on('exit', resolve));
  let logs = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${logs}`)), 20_000);
    const onData = (chunk: Buffer) => {
      logs += chunk.toString('utf8');
      const m = /listening on (http:\/\/[^\s"]+)/.exec(logs);
      if (m) {
        clearTimeout(timer);
        logs = ''; // from here on the output is drained and dropped
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`serve exited with ${String(code)}:\n${logs}`)));
  });
  return { child, url, exited };
}

let updateId = 0;
let chatSeq = 1_000_000;
const sentAt = new Map<string, number>(); // chat id → ms just before the POST, measured messages only
const answeredAt = new Map<string, number>(); // chat id → ms the webhook answered (the reply is enqueued by then)
let httpErrors = 0;
const errorKinds: Record<string, number> = {}; // HTTP status or fetch error → count
const countError = (kind: string) => {
  httpErrors++;
  errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
};
const inFlight = new Set<Promise<void>>();

/** POSTs one update from a chat of its own; returns that chat's id. */
function post(measured: boolean): string {
  const chatId = -++chatSeq;
  const id = ++updateId;
  const body = JSON.stringify(textUpdate({ updateId: id, messageId: id, chat: { id: chatId, type: 'supergroup' }, from: { id: 10_000_000 + id, first_name: 'Bench' }, text: values.text! }));
  const t0 = Date.now();
  if (measured) sentAt.set(String(chatId), t0);
  const p = fetch(`${svc.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body })
    .then(async (res) => {
      await res.arrayBuffer();
      if (measured) answeredAt.set(String(chatId), Date.now());
      if (res.status !== 200) countError(`HTTP ${res.status}`);
    })
    .catch((err: unknown) => {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      countError(`fetch: ${cause?.code ?? cause?.message ?? String(err)}`);
    })
    .finally(() => inFlight.delete(p));
  inFlight.add(p);
  return String(chatId);
}

/** Sends `count` messages at RATE per second on an absolute schedule (open loop: late sends do not slow the rest). */
async function drive(count: number, measured: boolean): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    post(measured);
  }
}

/** utime + stime of the service process in ms (Linux /proc), or null elsewhere. */
function serviceCpuMs(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${svc.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return null;
  }
}

/** [ms on a CPU, ms runnable but waiting for one] of the service's main thread (Linux schedstat), or null. */
function serviceSched(): [number, number] | null {
  try {
    const [run, wait] = fs.readFileSync(`/proc/${svc.child.pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return [run / 1e6, wait / 1e6];
  } catch {
    return null;
  }
}

const firstReplyAt = (): Map<string, number> => {
  const out = new Map<string, number>();
  for (const c of fake.calls) {
    if (c.method !== 'sendMessage' || c.failed) continue;
    const chat = String(c.body.chat_id);
    if (!out.has(chat)) out.set(chat, c.at);
  }
  return out;
};

async function waitForReplies(chats: Iterable<string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const wanted = [...chats];
  while (Date.now() < deadline) {
    const got = firstReplyAt();
    if (wanted.every((c) => got.has(c))) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Warm-up: connections, prepared statements, JIT.
const warmChats: string[] = [];
for (let i = 0; i < WARMUP; i++) warmChats.push(post(false));
await waitForReplies(warmChats, 15_000);
await new Promise((r) => setTimeout(r, 500));

const loadBefore = os.loadavg();
const cpuBefore = serviceCpuMs();
const schedBefore = serviceSched();
// The load generator and the fake share this process: if its own loop lags, the figures are ours, not the service's.
const benchLoop = monitorEventLoopDelay({ resolution: 5 });
benchLoop.enable();
const t0 = Date.now();
await drive(Math.round(RATE * SECONDS), true);
const driveMs = Date.now() - t0;
await Promise.all([...inFlight]);
await waitForReplies(sentAt.keys(), 10_000);

const cpuAfter = serviceCpuMs();
const schedAfter = serviceSched();
benchLoop.disable();
const replies = firstReplyAt();
const latencies: number[] = [];
let missing = 0;
for (const [chat, at] of sentAt) {
  const r = replies.get(chat);
  if (r === undefined) missing++;
  else latencies.push(r - at);
}
// Median latency per 2-second window of send time: flat when the service keeps up, rising when a queue builds.
const windows: number[][] = [];
for (const [chat, at] of sentAt) {
  const r = replies.get(chat);
  if (r !== undefined) (windows[Math.floor((at - t0) / 2000)] ??= []).push(r - at);
}
const p50ByWindowMs = [...windows].map((w) => (w ? w.sort((a, b) => a - b)[Math.floor(w.length / 2)] : null));
latencies.sort((a, b) => a - b);
const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] : null);
const refused = fake.calls.filter((c) => c.method === 'sendMessage' && c.failed).length;

svc.child.kill('SIGTERM');
await svc.exited;

// Where the time goes: webhook in → reply enqueued (outbox.created_at: HTTP, router, enqueue
// transaction) → claimed and sent (relay) → the fake has it.
const database = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
const enqueuedAt = new Map((await database.db.selectFrom('outbox').select(['target', 'createdAt']).execute()).map((r) => [r.target, Number(r.createdAt)]));
await database.close();
const phase = (from: (chat: string) => number | undefined, to: (chat: string) => number | undefined) => {
  const v: number[] = [];
  for (const chat of sentAt.keys()) {
    const a = from(chat);
    const b = to(chat);
    if (a !== undefined && b !== undefined) v.push(b - a);
  }
  v.sort((x, y) => x - y);
  const at = (p: number) => (v.length ? v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)] : null);
  return { p50: at(0.5), p99: at(0.99), max: v.at(-1) ?? null };
};
const phasesMs = {
  webhookToEnqueued: phase((c) => sentAt.get(c), (c) => enqueuedAt.get(c)),
  enqueuedToFake: phase((c) => enqueuedAt.get(c), (c) => replies.get(c)),
  webhookAnswered: phase((c) => sentAt.get(c), (c) => answeredAt.get(c)),
};
await fake.close();
fs.rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'chat',
    transport: 'telegram webhook → chatcron serve (child, SQLite) → fake Bot API',
    text: values.text,
    rate: RATE,
    seconds: SECONDS,
    achievedRate: Math.round((sentAt.size / driveMs) * 1000 * 10) / 10,
    messages: sentAt.size,
    replied: latencies.length,
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: latencies.at(-1) ?? null,
    meanMs: latencies.length ? Math.round((latencies.reduce((a, b) => a + b, 0) / latencies.length) * 10) / 10 : null,
    p50ByWindowMs,
    phasesMs,
    // Of each second of the run, how long the service's main thread ran and how long it was ready but waited for a CPU.
    serviceMainThreadMsPerSecond:
      schedBefore && schedAfter
        ? { running: Math.round((schedAfter[0] - schedBefore[0]) / (driveMs / 1000)), waitingForCpu: Math.round((schedAfter[1] - schedBefore[1]) / (driveMs / 1000)) }
        : null,
    benchLoopDelayMs: { p99: Math.round(benchLoop.percentile(99) / 1e5) / 10, max: Math.round(benchLoop.max / 1e5) / 10 },
    errors: httpErrors + missing + refused,
    httpErrors,
    errorKinds,
    missing,
    refused,
    targetP99Ms: 50,
    // CPU the service used per measured message (user + system): what the machine's load does not change much.
    serviceCpuMsPerMessage: cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) / sentAt.size) * 100) / 100 : null,
    loadavg1mBefore: Math.round(loadBefore[0] * 100) / 100,
    loadavg1mAfter: Math.round(os.loadavg()[0] * 100) / 100,
    cpus: os.cpus().length,
  }),
);
