import { h } from 'preact';
import htm from 'htm';
import { t, word, type Key } from './i18n.ts';
import type { ChatRef } from './types.ts';

/** Tagged templates for Preact: markup in plain TypeScript, no JSX step. Values are text, never HTML. */
export const html = htm.bind(h);

/** A coloured status word: the colour is a hint, the word says it (colour is never the only cue). */
export function Badge({ kind, value }: { kind: 'st' | 'run' | 'chase' | 'rs'; value: string }) {
  const label = kind === 'chase' ? t(value as Key) : word(kind, value);
  return html`<span class=${`badge b-${value}`} data-status=${value}>${label}</span>`;
}

const PLATFORM: Record<string, string> = { telegram: 'Telegram', wecom: 'WeCom', 'wecom-robot': 'WeCom robot', 'wecom-bot': 'WeCom bot', wechaty: 'WeChat', web: 'Console' };
const PLATFORM_ZH: Record<string, string> = { telegram: 'Telegram', wecom: '企业微信', 'wecom-robot': '企业微信机器人', 'wecom-bot': '企业微信智能机器人', wechaty: '微信', web: '控制台' };

/** A platform in words. */
export function platformName(p: string, zh: boolean): string {
  return (zh ? PLATFORM_ZH : PLATFORM)[p] ?? p;
}

/** The chat a task belongs to, named: "Telegram · -1001234", "Console chat", "API only". */
export function chatName(c: ChatRef | null, zh: boolean): string {
  if (!c) return t('apiOnly');
  if (c.platform === 'web' && c.chatId === 'status-page') return t('consoleChat');
  return `${platformName(c.platform, zh)} · ${c.chatId}`;
}

/** Previous / next over a list with a total, with where we are in words. */
export function Pager({ total, limit, offset, go, id }: { total: number; limit: number; offset: number; go: (offset: number) => void; id: string }) {
  if (total <= limit && offset === 0) return null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return html`<nav class="pager" id=${id} aria-label=${t('page')}>
    <button type="button" class="prev" disabled=${offset === 0} onClick=${() => go(Math.max(0, offset - limit))}>${t('prev')}</button>
    <span class="where" aria-live="polite">${t('shown', { from, to, total })}</span>
    <button type="button" class="next" disabled=${to >= total} onClick=${() => go(offset + limit)}>${t('next')}</button>
  </nav>`;
}
