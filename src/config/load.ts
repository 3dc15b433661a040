import fs from 'node:fs';
import { UserError } from '../domain/index.ts';
import { configSchema, type ActionSpec, type Config } from './schema.ts';

// Environment variable → config path. Every name is the one DESIGN.md lists.
const ENV: Record<string, string[]> = {
  PORT: ['port'],
  HOST: ['host'],
  DATABASE_URL: ['databaseUrl'],
  CHATCRON_DB_POOL_SIZE: ['database', 'poolSize'],
  CHATCRON_DB_STATEMENT_TIMEOUT_MS: ['database', 'statementTimeoutMs'],
  CHATCRON_DB_SSL: ['database', 'ssl'],
  CHATCRON_API_TOKEN: ['apiToken'],
  CHATCRON_TZ: ['tz'],
  CHATCRON_MIN_INTERVAL: ['minInterval'],
  CHATCRON_POLL_INTERVAL_MS: ['pollIntervalMs'],
  CHATCRON_LOG_LEVEL: ['logLevel'],
  CHATCRON_SHUTDOWN_GRACE_MS: ['shutdownGraceMs'],
  CHATCRON_HEARTBEAT_MS: ['heartbeatMs'],
  CHATCRON_STARTUP_WAIT_MS: ['startupWaitMs'],
  CHATCRON_LAPSE_MS: ['instanceLapseMs'],
  TELEGRAM_BOT_TOKEN: ['telegram', 'botToken'],
  TELEGRAM_API_ROOT: ['telegram', 'apiRoot'],
  TELEGRAM_WEBHOOK_SECRET: ['telegram', 'webhookSecret'],
  WECOM_CORP_ID: ['wecom', 'corpId'],
  WECOM_AGENT_ID: ['wecom', 'agentId'],
  WECOM_SECRET: ['wecom', 'secret'],
  WECOM_TOKEN: ['wecom', 'token'],
  WECOM_AES_KEY: ['wecom', 'aesKey'],
  WECOM_API_BASE: ['wecom', 'apiBase'],
  WECOM_BOT_TOKEN: ['wecom', 'botToken'],
  WECOM_BOT_AES_KEY: ['wecom', 'botAesKey'],
  SLACK_BOT_TOKEN: ['slack', 'botToken'],
  SLACK_SIGNING_SECRET: ['slack', 'signingSecret'],
  SLACK_APP_TOKEN: ['slack', 'appToken'],
  SLACK_API_BASE: ['slack', 'apiBase'],
  FEISHU_APP_ID: ['feishu', 'appId'],
  FEISHU_APP_SECRET: ['feishu', 'appSecret'],
  FEISHU_VERIFICATION_TOKEN: ['feishu', 'verificationToken'],
  FEISHU_ENCRYPT_KEY: ['feishu', 'encryptKey'],
  FEISHU_API_BASE: ['feishu', 'apiBase'],
  DINGTALK_APP_KEY: ['dingtalk', 'appKey'],
  DINGTALK_APP_SECRET: ['dingtalk', 'appSecret'],
  DINGTALK_API_BASE: ['dingtalk', 'apiBase'],
  WECHATY_PUPPET: ['wechaty', 'puppet'],
  WECHATY_PUPPET_TOKEN: ['wechaty', 'puppetToken'],
  CHATCRON_RUNNER_LAPSE_MS: ['runners', 'lapseMs'],
  CHATCRON_OPERATOR_NAME: ['operator', 'name'],
};

/** Names of the environment variables that carry secrets (masked everywhere). */
export const SECRET_ENV = ['CHATCRON_API_TOKEN', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY', 'WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY', 'WECHATY_PUPPET_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'FEISHU_APP_SECRET', 'FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY', 'DINGTALK_APP_SECRET'];

/** A configuration problem: names the key and what it expects. */
export class ConfigError extends UserError {
  constructor(problems: string[]) {
    const text = `invalid configuration:\n  ${problems.join('\n  ')}`;
    super('bad_config', { en: text, zh: `配置错误：\n  ${problems.join('\n  ')}` });
    this.name = 'ConfigError';
  }
}

/**
 * Reads chatcron.config.json (or the file named by CHATCRON_CONFIG), overlays the environment,
 * and validates the result. Throws ConfigError naming every wrong key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = env.CHATCRON_CONFIG ?? `${cwd}/chatcron.config.json`;
  let raw: Record<string, any> = {};
  if (fs.existsSync(file)) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError([`${file}: not valid JSON (${(err as Error).message})`]);
    }
  } else if (env.CHATCRON_CONFIG) {
    throw new ConfigError([`CHATCRON_CONFIG: no file at ${file}`]);
  }
  const envNameOf = new Map<string, string>();
  for (const [name, keyPath] of Object.entries(ENV)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    let o = raw;
    for (const k of keyPath.slice(0, -1)) o = o[k] ??= {};
    o[keyPath[keyPath.length - 1]] = v;
    envNameOf.set(keyPath.join('.'), name);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        if (i.code === 'unrecognized_keys') {
          const where = i.path.length ? `${i.path.join('.')}.` : '';
          return `${i.keys.map((k) => where + k).join(', ')}: not a configuration key (misspelt?)`;
        }
        const key = i.path.join('.');
        const from = envNameOf.get(key);
        return `${key}${from ? ` (from ${from})` : ''}: ${i.message}`;
      }),
    );
  }
  const cfg = parsed.data;
  // UTC, the default, is a zone every ICU knows: asking Intl would map ICU's data (+9 MB RSS and
  // 10-50 ms for the first Intl object of a process) for a CLI command that may never use it.
  if (cfg.tz === 'UTC') return cfg;
  try {
    new Intl.DateTimeFormat('en', { timeZone: cfg.tz });
  } catch {
    throw new ConfigError([`tz${envNameOf.has('tz') ? ' (from CHATCRON_TZ)' : ''}: unknown timezone "${cfg.tz}", expected an IANA name such as Asia/Shanghai`]);
  }
  return cfg;
}

/** The configured actions as argv specs. */
export function actionSpecs(cfg: Config): Record<string, ActionSpec> {
  const out: Record<string, ActionSpec> = {};
  for (const [name, a] of Object.entries(cfg.actions)) out[name] = Array.isArray(a) ? { argv: a } : a;
  return out;
}

/** Every secret value the process knows: configured ones, tokens, and secret-looking env vars. */
export function secretValues(cfg: Config, env: NodeJS.ProcessEnv = process.env): string[] {
  const values = new Set<string>(cfg.secrets);
  for (const v of [cfg.apiToken, cfg.telegram.botToken, cfg.telegram.webhookSecret, cfg.wecom.secret, cfg.wecom.token, cfg.wecom.aesKey, cfg.wecom.botToken, cfg.wecom.botAesKey, cfg.wechaty.puppetToken, cfg.slack.botToken, cfg.slack.signingSecret, cfg.slack.appToken, cfg.feishu.appSecret, cfg.feishu.verificationToken, cfg.feishu.encryptKey, cfg.dingtalk.appSecret, ...[...Object.values(cfg.feishu.robots), ...Object.values(cfg.dingtalk.robots)].flatMap((r) => [r.webhook, r.secret]), ...cfg.apiTokens.map((t) => t.token)]) {
    if (v) values.add(v);
  }
  // The service's own environment, and what commands are handed (exec.env, each action's env).
  const commandEnvs = [cfg.exec.env, ...Object.values(actionSpecs(cfg)).map((a) => a.env ?? {})];
  for (const [k, v] of [env, ...commandEnvs].flatMap((e) => Object.entries(e))) {
    if (v && v.length >= 8 && /(SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|AES_KEY|PRIVATE)/i.test(k)) values.add(v);
  }
  for (const url of [cfg.databaseUrl, ...Object.values(cfg.sql.connections).map((c) => c.url)]) {
    const pw = url.match(/\/\/[^:/@]+:([^@/]+)@/);
    if (pw) values.add(decodeURIComponent(pw[1]));
  }
  return [...values].filter((v) => v.length >= 4);
}

/** How to open the configured database (pool size, statement timeout, TLS), for store.openDatabase. */
export function databaseOptions(cfg: Config): { poolSize: number; statementTimeoutMs?: number; ssl?: boolean | { rejectUnauthorized: boolean } } {
  const d = cfg.database;
  const ssl = d.ssl === 'verify' ? true : d.ssl === 'require' ? { rejectUnauthorized: false } : d.ssl === 'off' ? false : undefined;
  return { poolSize: d.poolSize, ...(d.statementTimeoutMs ? { statementTimeoutMs: d.statementTimeoutMs } : {}), ...(ssl !== undefined ? { ssl } : {}) };
}
