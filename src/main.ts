import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { withChains, type AppContext } from './app/index.ts';
import { chaseReminderText, createRouter, createTapHandler, issueButtons, runResultText, type ChatAdapter, type ChatMessage, type Lease, type ReplayMemory } from './chat/index.ts';
import { actionSpecs, databaseOptions, secretValues, type Config } from './config/index.ts';
import { claimSqlite, Engine, newInstanceId, systemClock, type Clock } from './engine/index.ts';
import { Executor } from './exec/index.ts';
import { Registry } from './http/prom.ts';
import { chatFromRouter, chatTapFromHandler, createHttpApp, createMetrics, resolveApiAccess, webChatAdapter, type ApiAccess, type ChatFn, type Metrics } from './http/index.ts';
import { ChaseDriver, enqueueChat, noticeHooks, OutboxRelay, type NoticeFormat } from './outbox/index.ts';
import { parseDuration } from './schedule/index.ts';
import * as store from './store/index.ts';
import { RunnerHub, RunnerSweep } from './runners/index.ts';

/** A running chatcron process. */
export interface Service {
  config: Config;
  database: store.Database;
  engine: Engine;
  app: AppContext;
  adapters: ChatAdapter[];
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The API tokens in force; `generated` is set only on the start that created one. */
  apiAccess: ApiAccess;
  metrics: Metrics;
  close(graceMs?: number): Promise<void>;
}

/**
 * Builds the chat adapters that the configuration enables. Each platform's module (and its SDK:
 * grammy, Wechaty, WeCom's crypto, Slack's and Feishu's clients) is imported only when that
 * platform is configured, so a service without it neither loads nor needs it. A new platform:
 * one `if` and one import here.
 */
async function createAdapters(cfg: Config): Promise<ChatAdapter[]> {
  const out: ChatAdapter[] = [];
  if (cfg.telegram.botToken) {
    const { createTelegramAdapter } = await import('../adapters/telegram/index.ts');
    out.push(createTelegramAdapter({ token: cfg.telegram.botToken, apiRoot: cfg.telegram.apiRoot, webhookSecret: cfg.telegram.webhookSecret }));
  }
  const { loadWecomAdapters } = await import('../adapters/wecom/load.ts');
  out.push(...(await loadWecomAdapters({ ...cfg.wecom })));
  if (cfg.wechaty.puppet) {
    const { loadWechatyAdapter } = await import('../adapters/wechaty/load.ts');
    out.push(await loadWechatyAdapter({ puppet: cfg.wechaty.puppet, puppetToken: cfg.wechaty.puppetToken }));
  }
  // A credential set without the others is a mistake the adapter names, not a silent "off".
  if (cfg.slack.botToken || cfg.slack.signingSecret || cfg.slack.appToken) {
    const { createSlackAdapter } = await import('../adapters/slack/index.ts');
    const { botToken, signingSecret, appToken, apiBase } = cfg.slack;
    out.push(await createSlackAdapter({ botToken: botToken ?? '', signingSecret, appToken, apiBase }));
  }
  if (cfg.feishu.appId || cfg.feishu.appSecret || Object.keys(cfg.feishu.robots).length > 0) {
    const { createFeishuAdapter, createFeishuRobotAdapter } = await import('../adapters/feishu/index.ts');
    if (cfg.feishu.appId || cfg.feishu.appSecret) {
      const f = cfg.feishu;
      out.push(await createFeishuAdapter({ appId: f.appId ?? '', appSecret: f.appSecret ?? '', verificationToken: f.verificationToken ?? '', encryptKey: f.encryptKey, apiBase: f.apiBase }));
    }
    if (Object.keys(cfg.feishu.robots).length > 0) out.push(createFeishuRobotAdapter(cfg.feishu.robots));
  }
  if (cfg.dingtalk.appKey || cfg.dingtalk.appSecret || Object.keys(cfg.dingtalk.robots).length > 0) {
    const { createDingtalkAdapter, createDingtalkRobotAdapter } = await import('../adapters/dingtalk/index.ts');
    if (cfg.dingtalk.appKey || cfg.dingtalk.appSecret) {
      out.push(await createDingtalkAdapter({ appKey: cfg.dingtalk.appKey ?? '', appSecret: cfg.dingtalk.appSecret ?? '', apiBase: cfg.dingtalk.apiBase }));
    }
    if (Object.keys(cfg.dingtalk.robots).length > 0) out.push(createDingtalkRobotAdapter(cfg.dingtalk.robots));
  }
  return out;
}

/**
 * Opens the database named by the configuration and applies pending migrations. A SQLite file
 * that cannot be opened or written is explained (the path, why, what to do), not SQLite's bare words.
 */
export async function openAndMigrate(cfg: Config): Promise<store.Database> {
  try {
    return await store.openMigrated(cfg.databaseUrl, databaseOptions(cfg));
  } catch (err) {
    if (!cfg.databaseUrl.startsWith('sqlite:')) throw err;
    const file = cfg.databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') || './data/chatcron.db';
    const explained = store.explainSqliteError(err, file, cfg.databaseUrl);
    throw explained ? new Error(explained, { cause: err }) : err;
  }
}

/** Runs `start` until it succeeds, retrying while the database is unavailable, for at most `startupWaitMs`. */
async function untilDatabaseAnswers<T>(cfg: Config, log: Logger, start: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + cfg.startupWaitMs;
  let said = false;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await start();
    } catch (err) {
      if (!store.isUnavailable(err) || Date.now() + wait > deadline) throw err;
      if (!said) log.warn({ err: (err as Error).message }, `database unavailable at start; retrying for up to ${Math.round(cfg.startupWaitMs / 1000)} s`);
      said = true;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** The composition root: wires the concrete parts and starts them. */
export async function startService(cfg: Config, log: Logger, opts: { clock?: Clock; chat?: ChatFn } = {}): Promise<Service> {
  const clock = opts.clock ?? systemClock;
  const instanceId = newInstanceId();
  const lapseMs = cfg.instanceLapseMs;
  // A replica restarted while the database is down (or goes down during the start) waits for it,
  // as the running service does, instead of failing or hanging half-started.
  const { database, apiAccess } = await untilDatabaseAnswers(cfg, log, async () => {
    const db = await openAndMigrate(cfg);
    try {
      await claimSqlite(db, instanceId, clock.now(), lapseMs);
      return { database: db, apiAccess: await resolveApiAccess(db, cfg) };
    } catch (err) {
      await db.close().catch(() => {});
      throw err;
    }
  });
  let adapters: ChatAdapter[];
  try {
    adapters = await createAdapters(cfg);
  } catch (err) {
    await database.close();
    throw err;
  }
  const secrets = secretValues(cfg);
  const executor = new Executor({ actions: actionSpecs(cfg), cwd: cfg.exec.cwd, env: cfg.exec.env, outputLimitBytes: cfg.exec.outputLimitBytes, secrets, sql: cfg.sql });
  // One registry per process, owned here (never prom-client's global default).
  const metrics = createMetrics(new Registry(), { database, now: () => engine.now(), adapters: () => adapters });
  // The console's chat is a platform too: its far side is its transcript (the outbox rows).
  const senders = [...adapters, webChatAdapter()];
  const limitsOf = (platform: string) => senders.find((a) => a.platform === platform)?.limits;
  const format: NoticeFormat = { runResult: runResultText, chaseReminder: chaseReminderText, buttons: issueButtons };
  const relay = new OutboxRelay({
    database,
    adapters: senders,
    now: (): number => engine.now(),
    instanceId,
    log: log.child({ part: 'outbox' }),
  });
  // The status page's chat has no far side: its tasks' results are read in their history.
  const hooks = withChains(noticeHooks(format, limitsOf));
  const runnerHub = new RunnerHub({ database, hooks, now: () => engine.now(), lapseMs: cfg.runners.lapseMs, outputLimitBytes: cfg.exec.outputLimitBytes, secrets, notify: () => engine.notify() });
  const engine = new Engine({
    database,
    executor,
    log: log.child({ part: 'engine' }),
    clock,
    instanceId,
    pollIntervalMs: cfg.pollIntervalMs,
    heartbeatMs: cfg.heartbeatMs,
    lapseMs,
    lookaheadMs: 200,
    hooks,
    sources: [relay, new ChaseDriver(database, format, limitsOf), new RunnerSweep(database, hooks, cfg.runners.lapseMs, log.child({ part: 'runners' }))],
    retention: { maxRuns: cfg.retention.maxRuns, maxAgeMs: cfg.retention.maxAgeDays * 86_400_000 },
    onStart: (run, startedAt) => metrics.onStart(run, startedAt),
    onFinish: (status, n) => metrics.onFinish(status, n),
  });
  const app: AppContext = {
    database,
    now: () => engine.now(),
    defaultTz: cfg.tz,
    minIntervalMs: parseDuration(cfg.minInterval),
    actionNames: Object.keys(cfg.actions),
    notify: () => engine.notify(),
    limits: cfg.limits,
    runnerLapseMs: cfg.runners.lapseMs,
    sqlConnections: Object.keys(cfg.sql.connections),
    operatorName: cfg.operator.name,
  };
  const lease: Lease = {
    acquire: (name, ttlMs) => store.acquireLease(database.db, name, instanceId, engine.now(), ttlMs),
    release: (name) => store.releaseLease(database.db, name, instanceId),
  };
  // Used callback keys live in the database so that every replica refuses a replay; each
  // remember first sweeps the expired ones (indexed), so the table holds one validity window.
  const replay: ReplayMemory = {
    remember: async (key, digest, expiresAt) => {
      const now = engine.now();
      await store.pruneCallbacks(database.db, now);
      return store.rememberCallback(database.db, key, digest, expiresAt, now);
    },
    forget: (key) => store.forgetCallback(database.db, key),
  };
  // The status page's box is behind an admin API token: its operator is an admin.
  const isAdmin = (platform: string, userId: string) => platform === 'web' || (cfg.admins[platform] ?? []).includes(userId);
  const onTap = createTapHandler({ app, isAdmin });
  const route = createRouter({
    app,
    isAdmin,
    operatorPlatforms: ['web'],
    onBug: (err) => log.error({ err }, 'a chat command failed'),
  });
  // Replies go through the outbox like everything else, keyed by the inbound message: a
  // platform that delivers the same update twice gets one answer.
  const onMessage = async (msg: ChatMessage) => {
    const replies = await route(msg);
    if (replies.length === 0) return;
    await database.write(async (tx) => {
      for (const [i, reply] of replies.entries()) {
        await enqueueChat(tx, { platform: msg.platform, chatId: msg.chatId }, reply, `in:${msg.platform}:${msg.chatId}:${msg.messageId}:${i}`, engine.now(), limitsOf(msg.platform));
      }
    });
    // Claim the replies at once rather than through a full engine tick; the engine still picks
    // up whatever this misses (a claim error, a busy target) on its next cycle.
    relay.kick().catch((err: unknown) => log.warn({ err }, 'outbox: immediate claim failed; the engine retries'));
  };
  const koa = createHttpApp({
    adapters,
    log,
    app,
    tokens: apiAccess.tokens,
    scheduler: engine,
    metrics,
    chat: opts.chat ?? chatFromRouter(route, () => engine.now(), { database }, cfg.operator.name),
    chatTap: chatTapFromHandler(onTap, { database }, () => engine.now(), cfg.operator.name),
    runners: { hub: runnerHub },
    ready: async () => {
      try {
        return (await store.isMigrated(database)) && engine.ready ? { ok: true } : { ok: false, detail: 'the scheduler is not ready' };
      } catch (err) {
        return { ok: false, detail: `database unreachable: ${(err as Error).message}` };
      }
    },
  });
  const server = http.createServer(koa.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  await engine.start();
  for (const a of adapters) {
    await a.start({ onMessage, onTap, lease, replay, log: log.child({ adapter: a.platform }) }).catch((err) => log.error({ err, adapter: a.platform }, 'adapter failed to start'));
  }
  let closed = false;
  return {
    config: cfg,
    database,
    engine,
    app,
    adapters,
    apiAccess,
    metrics,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`,
    async close(graceMs = cfg.shutdownGraceMs) {
      if (closed) return;
      closed = true;
      for (const a of adapters) await a.stop().catch(() => {});
      const closing = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2000).unref();
      await closing;
      relay.stop();
      await engine.stop(graceMs);
      // Sends still in flight write their outcome to the database: let them land before closing it.
      await Promise.race([relay.idle(), new Promise<void>((r) => setTimeout(r, 5000).unref())]);
      await database.close();
    },
  };
}
