import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import { OPERATOR } from '../../src/app/index.ts';
import * as store from '../../src/store/index.ts';
import { FakeTelegramServer } from '../fakes/telegram-server.ts';
import { startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';

const TOKEN = '777:kill-loop-token';
const CHAT = '-5005';
const KILLS = 20;

describe('twenty kill -9 in a row', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-kill-'));
  const effects = path.join(dir, 'effects.log');
  const script = `require('fs').appendFileSync(${JSON.stringify(effects)}, process.env.CHATCRON_SCHEDULED_FOR + ' ' + process.env.CHATCRON_ATTEMPT + '\\n'); console.log('slot ' + process.env.CHATCRON_SCHEDULED_FOR + ' attempt ' + process.env.CHATCRON_ATTEMPT)`;
  const env = {
    DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
    CHATCRON_CONFIG: path.join(dir, 'chatcron.config.json'),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_WEBHOOK_SECRET: 'kill-loop-secret',
    CHATCRON_POLL_INTERVAL_MS: '100',
  };
  let fake: FakeTelegramServer;
  let svc: ServiceProcess | undefined;
  afterAll(async () => {
    svc?.child.kill('SIGKILL');
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses and doubles no occurrence, and loses no message, whatever instant the service dies at', async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    fs.writeFileSync(env.CHATCRON_CONFIG, JSON.stringify({ actions: { tick: [process.execPath, '-e', script] } }));
    const fullEnv = { ...env, TELEGRAM_API_ROOT: fake.apiRoot };
    const database = store.openDatabase(env.DATABASE_URL);
    await store.migrateToLatest(database);
    const ctx: app.AppContext = { database, now: () => Date.now(), defaultTz: 'UTC', minIntervalMs: 0, actionNames: ['tick'], notify: () => {} };
    // A command in a chat, with a chase: runs, results, reminders and deliveries are in flight at
    // most instants. Every 10 s with two reminders 2 s apart is 18 messages a minute: within
    // Telegram's 20 a minute per group, so the backlog can drain while the service keeps dying.
    const task = await app.createTask(ctx, OPERATOR, {
      every: '10s',
      action: 'tick',
      chat: { platform: 'telegram', chatId: CHAT },
      owner: { id: '42', name: 'Alice' },
      chase: { every: '2s', max: 2 },
      misfire: 'all',
      overlap: 'queue',
      retries: 3,
      backoffMs: 100,
    });
    const kills: number[] = [];
    try {
      // At least KILLS kills, and on for long enough that several occurrences fall among them
      // (a service that starts fast would otherwise get through the kills in less than a minute).
      const loopStarted = Date.now();
      for (let i = 0; i < KILLS || Date.now() - loopStarted < 65_000; i++) {
        svc = await startServe(fullEnv);
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
        svc.child.kill('SIGKILL');
        kills.push(Date.now());
        await svc.exited;
      }
      // Let a last, undisturbed service catch up and deliver everything.
      svc = await startServe(fullEnv);
      await new Promise((r) => setTimeout(r, 1500));
      await app.pauseTask(ctx, OPERATOR, task.id);
      await waitFor(
        async () => {
          const open = await database.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute();
          const running = await database.db.selectFrom('runs').select('id').where('status', 'in', ['running', 'queued']).execute();
          return open.length === 0 && running.length === 0;
        },
        120_000,
        'every run finished and every message delivered',
      );
      svc.child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
      svc = undefined;

      // Occurrences: every slot from the first to the last has exactly one scheduled run.
      const runs = await store.listRuns(database.db, task.id, 100_000);
      const slots = runs.filter((r) => r.trigger === 'schedule').map((r) => r.scheduledFor).sort((a, b) => a - b);
      expect(slots.length).toBeGreaterThan(5);
      expect(new Set(slots).size).toBe(slots.length);
      for (let i = 1; i < slots.length; i++) expect(slots[i] - slots[i - 1]).toBe(10_000);
      // Every occurrence finished: succeeded, or interrupted and then retried to success.
      const bySlot = new Map<number, string[]>();
      for (const r of runs) bySlot.set(r.scheduledFor, [...(bySlot.get(r.scheduledFor) ?? []), r.status]);
      for (const [slot, statuses] of bySlot) expect(statuses, new Date(slot).toISOString()).toContain('succeeded');
      // Side effects: one per (occurrence, attempt) the service started.
      const lines = fs.readFileSync(effects, 'utf8').trim().split('\n');
      expect(new Set(lines).size).toBe(lines.length);

      // Messages: every one the service owed was delivered; a second copy only where the
      // service died right after Telegram took the first (the unavoidable at-least-once window).
      const rows = await database.db.selectFrom('outbox').select(['status']).where('target', '=', CHAT).execute();
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      const delivered = fake.deliveredTo(CHAT);
      const calls = fake.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === CHAT && !c.failed);
      const inWindow = calls.filter((c) => kills.some((k) => c.at <= k && k - c.at < 100)).length;
      expect(delivered.length).toBeGreaterThanOrEqual(rows.length);
      expect(delivered.length - rows.length).toBeLessThanOrEqual(inWindow);
      // Chase reminders sent = reminders counted.
      const chases = await store.listChases(database.db, task.id, 100_000);
      const reminders = delivered.filter((m) => /reminder \d/.test(m.text)).length;
      const counted = chases.reduce((n, c) => n + c.count, 0);
      expect(reminders).toBeGreaterThanOrEqual(counted);
      expect(reminders - counted).toBeLessThanOrEqual(inWindow);
    } finally {
      await database.close();
    }
  }, 400_000);
});
